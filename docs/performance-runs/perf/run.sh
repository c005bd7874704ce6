#!/bin/bash
# usage: run.sh SCENARIO TAG
S=$1; T=$2; SC=${3:-0.3}
cd /work/wt-prof
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
uptime > /tmp/prof/$T.uptime
dotnet /tmp/art-prof/bin/HstFederation.LoadGenerator/release/HstFederation.LoadGenerator.dll --profile full --scenario $S --scale $SC --out /tmp/prof/out-$T > /tmp/prof/$T.gen.log 2>&1 &
G=$!
for i in $(seq 1 600); do
  P=$(pgrep -f "hst-hub.* serve" | head -1)
  [ -n "$P" ] && break; sleep 0.2
done
echo "hub pid $P" >> /tmp/prof/$T.uptime
perf record -F 999 -g -a -k realtime -o /tmp/prof/$T.data > /tmp/prof/$T.perf.log 2>&1 &
PR=$!
# sample hub cpu every second to find the busy window
( while kill -0 $P 2>/dev/null; do echo "$(date +%s.%N) $(awk '{print $14+$15}' /proc/$P/stat 2>/dev/null)"; sleep 1; done ) > /tmp/prof/$T.cpu &
wait $G
sleep 1; kill -INT $PR 2>/dev/null; wait $PR
uptime >> /tmp/prof/$T.uptime
cp /tmp/perf-$P.map /tmp/prof/ 2>/dev/null
echo done
