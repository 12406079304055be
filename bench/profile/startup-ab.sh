#!/usr/bin/env bash
# Whole-process CPU time (user + system, /usr/bin/time) of two builds, interleaved, median of N:
#   bench/profile/startup-ab.sh OLD_DIST NEW_DIST [N=11]
# node -e 0, import "keystorekit/jks", import "keystorekit", `keystorekit list cacerts.jks`.
set -euo pipefail
old=$1 new=$2 n=${3:-11}
export store=$(cd "$(dirname "$0")/../.inputs" && pwd)/cacerts.jks
export P=changeit
declare -A samples m
cases=(node0 jks-old jks-new root-old root-new list-old list-new)
run() {
  case $1 in
    node0) node -e 0 ;;
    jks-*) node --input-type=module -e "await import('$2/entries/jks.js')" ;;
    root-*) node --input-type=module -e "await import('$2/index.js')" ;;
    list-*) node "$2/cli/main.js" list "$store" --storepass-env P > /dev/null ;;
  esac
}
for ((i = 0; i < n; i++)); do
  for c in "${cases[@]}"; do
    dir=$old; [[ $c == *-new ]] && dir=$new
    t=$( { /usr/bin/time -f "%U %S" bash -c "$(declare -f run); run $c $dir" 2>&1 >/dev/null; } | tail -1 | awk '{printf "%.0f", ($1 + $2) * 1000}')
    samples[$c]+="$t "
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); median CPU ms of $n"
for c in "${cases[@]}"; do m[$c]=$(median "${samples[$c]}"); echo "$c ${m[$c]}"; done
awk -v a="${m[root-old]}" -v b="${m[jks-old]}" -v c="${m[root-new]}" -v d="${m[jks-new]}" 'BEGIN {printf "root/jks: old %.2f new %.2f\n", a / b, c / d}'
awk -v a="${m[list-old]}" -v c="${m[list-new]}" -v z="${m[node0]}" 'BEGIN {printf "list/node0: old %.2f new %.2f\n", a / z, c / z}'
