#!/bin/bash
# usage: cls.sh TAG          shares per area in the window of TAG.win ("PID START END"), from TAG.data (perf record)
#        cls.sh TAG --life   absolute samples per area over the hub's whole life (TAG.pid holds its pid); at
#                            -F 999 a sample is ≈ 1 ms of CPU, so two runs of the same message count compare in
#                            CPU time, not only in shares
t=$1
if [ "${2:-}" = "--life" ]; then
  P=$(cat $t.pid); window=""
else
  read P S E < $t.win; window="--time $S,$E"
  perf report -i $t.data --pid $P $window --no-children --sort dso --stdio -g none 2>/dev/null | grep "Samples\|Event count" | head -2
fi
perf report -i $t.data --pid $P $window -n --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v "^#" | grep "%" > $t.syms
awk '{
 n=$2; l=$0; c="other managed (JIT code)";
 if (l ~ /BouncyCastle|libsodium|Geralt/) c="Ed25519/X25519/SHA-512 (libsodium; BouncyCastle before)";
 else if (l ~ /libe_sqlite3|Microsoft\.Data\.Sqlite|SQLitePCL/) c="SQLite (native + ADO.NET)";
 else if (l ~ /libssl|libcrypto|Cryptography|SslStream|Net\.Security/) c="TLS/OpenSSL";
 else if (l ~ /Google\.Protobuf/) c="protobuf";
 else if (l ~ /Kestrel|AspNetCore|Grpc|Pipelines|Net\.Sockets|Http2|Hpack/) c="Kestrel/HTTP2/gRPC";
 else if (l ~ /libclrjit/) c="JIT compiler (tiering)";
 else if (l ~ /libcoreclr.*0x00000000004af2/) c="coreclr spin loop 0x4af2xx";
 else if (l ~ /libcoreclr/) c="coreclr other (GC/runtime, unsymbolized)";
 else if (l ~ /\[k\] .*(ext4|filemap|folio|jbd2|_write|write_|iter|fsync|blk|iowrite|xas_)/) c="kernel: file I/O";
 else if (l ~ /\[k\] .*(tcp|skb|sock|net_|ip_|softirq|__dev|loopback|inet)/) c="kernel: network";
 else if (l ~ /\[k\] .*(sched|switch|futex|yield|spin|wake|hrtimer|idle|task|irqrestore)/) c="kernel: scheduler/futex/yield";
 else if (l ~ /\[k\]/) c="kernel: other (syscall entry, faults, ...)";
 else if (l ~ /libc\.so|ld-linux/) c="libc (malloc, memset, locks, TLS)";
 else if (l ~ /System\.Private\.CoreLib|\[System\.Private\.CoreLib\]/) c="CoreLib (managed runtime)";
 s[c]+=n; tot+=n } END { for (c in s) printf "%7d  %5.1f%%  %s\n", s[c], 100*s[c]/tot, c; printf "%7d  total\n", tot }' $t.syms | sort -rn
