# SPDX-License-Identifier: GPL-2.0
# gnuplot script of scripts/bench: the overhead over the floor per scenario
# and peer, from summary.csv. Call with -e "out='DIR'".
set terminal pngcairo size 900,500
set output out.'/overhead.png'
set datafile separator ','
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set ylabel 'instructions per packet over the floor'
set title 'nfgate (M) vs nftables (N) vs iptables-legacy (I)'
plot out.'/summary.csv' using 6:xtic(1) title 'nfgate', \
     '' using 7 title 'nftables', \
     '' using 8 title 'iptables'
