# Sourced by the deploy tests that start servers on loopback ports (failover.sh, centraldb.sh).
# Sets p1 and p2 to two different TCP ports nothing listens on at 127.0.0.1.
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 30000))
        (: </dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
    done
}
p1=$(free_port)
p2=$(free_port)
[ "$p1" != "$p2" ] || p2=$((p1 + 1))
