#!/bin/bash
t=$1; read P S E < $t.win
perf report -i $t.data --pid $P --time $S,$E --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v "^#" | grep "%" > $t.syms
perf report -i $t.data --pid $P --time $S,$E --no-children --sort dso --stdio -g none 2>/dev/null | grep "Samples\|Event count" | head -2
awk '{
 p=$1; sub("%","",p); l=$0; c="other managed (JIT code)";
 if (l ~ /BouncyCastle/) c="Ed25519/X25519/SHA-512 (BouncyCastle)";
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
 s[c]+=p } END { for (c in s) printf "%6.1f%%  %s\n", s[c], c }' $t.syms | sort -rn
