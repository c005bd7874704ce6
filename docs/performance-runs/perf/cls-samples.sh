#!/bin/bash
# usage: cls-samples.sh TAG  (TAG.data from perf record, TAG.pid holding the hub pid)
# Absolute samples per area over the hub process's whole life (at -F 999 a sample is ≈ 1 ms of CPU), so two
# runs of the same message count compare in CPU time, not only in shares; same grouping as cls.sh.
t=$1; P=$(cat $t.pid)
perf report -i $t.data --pid $P -n --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v "^#" | grep "%" > $t.syms2
awk '{
 n=$2; l=$0; c="other managed (JIT code)";
 if (l ~ /BouncyCastle/) c="Ed25519/X25519/SHA-512 (BouncyCastle)";
 else if (l ~ /libe_sqlite3|Microsoft\.Data\.Sqlite|SQLitePCL/) c="SQLite (native + ADO.NET)";
 else if (l ~ /libssl|libcrypto|Cryptography|SslStream|Net\.Security/) c="TLS/OpenSSL";
 else if (l ~ /Google\.Protobuf/) c="protobuf";
 else if (l ~ /Kestrel|AspNetCore|Grpc|Pipelines|Net\.Sockets|Http2|Hpack/) c="Kestrel/HTTP2/gRPC";
 else if (l ~ /libclrjit/) c="JIT compiler (tiering)";
 else if (l ~ /libcoreclr/) c="coreclr (GC/runtime, unsymbolized)";
 else if (l ~ /\[k\] .*(ext4|filemap|folio|jbd2|_write|write_|iter|fsync|blk|iowrite|xas_)/) c="kernel: file I/O";
 else if (l ~ /\[k\] .*(tcp|skb|sock|net_|ip_|softirq|__dev|loopback|inet)/) c="kernel: network";
 else if (l ~ /\[k\] .*(sched|switch|futex|yield|spin|wake|hrtimer|idle|task|irqrestore)/) c="kernel: scheduler/futex/yield";
 else if (l ~ /\[k\]/) c="kernel: other";
 else if (l ~ /libc\.so|ld-linux/) c="libc";
 else if (l ~ /System\.Private\.CoreLib|\[System\.Private\.CoreLib\]/) c="CoreLib";
 s[c]+=n; tot+=n } END { for (c in s) printf "%7d  %5.1f%%  %s\n", s[c], 100*s[c]/tot, c; printf "%7d  total\n", tot }' $t.syms2 | sort -rn
