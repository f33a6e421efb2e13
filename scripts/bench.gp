# SPDX-License-Identifier: GPL-2.0
# gnuplot script of scripts/bench: the overhead over the floor per scenario
# and peer, from summary.csv, on a log scale (an overhead below 1, which
# happens when a peer drops more cheaply than the floor, is drawn at 1).
# The floor is the row's: C (conntrack running) for the scenarios whose
# rules need conntrack, else F. Linear iptables (L) has a bar only where
# it was measured. Call with -e "out='DIR'".
set terminal pngcairo size 1200,600
set output out.'/overhead.png'
set datafile separator ','
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set logscale y
set yrange [1:*]
set xtics rotate by -35
set bmargin 7
set ylabel 'overhead over the floor (F, or C) per packet (log scale)'
set title 'nfgate (M) vs nftables (N) vs iptables-legacy + ipset (I), and linear iptables (L)'
clip(x) = x < 1 ? 1 : x
plot out.'/summary.csv' every ::1 using (clip($6)):xtic(1) title 'nfgate', \
     '' every ::1 using (clip($7)) title 'nftables', \
     '' every ::1 using (clip($8)) title 'iptables', \
     '' every ::1 using (clip($15)) title 'iptables linear'
