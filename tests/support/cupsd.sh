#!/bin/sh
# A private CUPS scheduler for the printing tests (STACK.md §9): its own configuration, spool, state and logs
# under DIR, listening on 127.0.0.1:PORT only, with a "capture" backend that keeps the bytes of every job.
#
#   cupsd.sh start DIR PORT   start it; returns once it answers (exit 1 saying why when it can't)
#   cupsd.sh stop DIR         stop the one started in DIR
#
# A capture queue (raw: the PDF QPrinter makes arrives byte for byte):
#   CUPS_SERVER=127.0.0.1:PORT lpadmin -p NAME -v capture:DIR/jobs -o printer-error-policy=abort-job -E
# The backend writes job N to DIR/jobs/job-N.pdf. While DIR/jobs/media-empty exists it reports the printer
# out of paper (media-empty-error) and waits for paper, as a receipt printer does.
# Runs as root (cupsd drops to lp for filters; the capture backend is root-owned 0700 and runs as root).
set -eu

fail() {
    echo "cupsd.sh: $*" >&2
    exit 1
}

[ $# -ge 2 ] || { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }
# A developer running the suite as themselves: the scheduler starts through sudo (that needs no password).
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        exec sudo -n "$0" "$@"
    fi
    fail "a private cupsd needs root (it runs its backend as root and filters as lp): run as root or with sudo that needs no password"
fi
cmd=$1
dir=$2

start() {
    port=$1
    [ -x /usr/sbin/cupsd ] || fail "cupsd is not installed (Debian: cups-daemon)"
    for tool in lpadmin lpstat cupsenable cupsdisable; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (Debian: cups-client)"
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    for d in etc spool spool/tmp cache state log bin bin/backend jobs; do
        mkdir -p "$dir/$d"
    done
    # cupsd refuses a ServerBin that others could write to.
    chmod 0755 "$dir" "$dir/etc" "$dir/bin" "$dir/bin/backend" "$dir/jobs"
    for d in filter daemon cgi-bin monitor notifier driver; do
        [ -e "/usr/lib/cups/$d" ] && ln -sfn "/usr/lib/cups/$d" "$dir/bin/$d"
    done
    for b in /usr/lib/cups/backend/*; do
        ln -sfn "$b" "$dir/bin/backend/$(basename "$b")"
    done
    cat >"$dir/bin/backend/capture" <<'BACKEND'
#!/bin/sh
# CUPS backend "capture" (tests only): DEVICE_URI=capture:DIR; job N goes to DIR/job-N.pdf.
if [ $# -eq 0 ]; then
    echo 'direct capture "Unknown" "Capture to file"'
    exit 0
fi
out=${DEVICE_URI#capture:}
if [ -e "$out/media-empty" ]; then
    echo "STATE: +media-empty-error" >&2
    echo "ERROR: Out of paper" >&2
    while [ -e "$out/media-empty" ]; do sleep 0.2; done
    echo "STATE: -media-empty-error" >&2
fi
if [ $# -ge 6 ]; then cat "$6" >"$out/job-$1.part"; else cat >"$out/job-$1.part"; fi
mv "$out/job-$1.part" "$out/job-$1.pdf"
exit 0
BACKEND
    chmod 0700 "$dir/bin/backend/capture"

    cat >"$dir/etc/cups-files.conf" <<EOF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ServerBin $dir/bin
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
User lp
Group lp
SystemGroup root
EOF
    cat >"$dir/etc/cupsd.conf" <<EOF
LogLevel info
Listen 127.0.0.1:$port
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    if ! /usr/sbin/cupsd -t -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >"$dir/log/check" 2>&1; then
        fail "cupsd rejects its configuration: $(cat "$dir/log/check")"
    fi
    # In a session of its own: sudo's pseudo-terminal going away when this script ends must not hang it up.
    setsid /usr/sbin/cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" \
        </dev/null >>"$dir/log/cupsd.out" 2>&1 &
    echo $! >"$dir/cupsd.pid"
    i=0
    while [ $i -lt 100 ]; do
        if CUPS_SERVER="127.0.0.1:$port" lpstat -r 2>/dev/null | grep -q 'is running'; then
            echo "cupsd running on 127.0.0.1:$port (pid $(cat "$dir/cupsd.pid"))"
            exit 0
        fi
        kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null ||
            fail "cupsd exited at start: $(tail -n 20 "$dir/log/error_log" "$dir/log/cupsd.out" 2>/dev/null)"
        sleep 0.1
        i=$((i + 1))
    done
    fail "cupsd does not answer on 127.0.0.1:$port: $(tail -n 20 "$dir/log/error_log" 2>/dev/null)"
}

stop() {
    [ -f "$dir/cupsd.pid" ] || exit 0
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/cupsd.pid"
    # Run through sudo, the directory is root's: the test cannot remove it itself.
    [ -z "${SUDO_USER:-}" ] || rm -rf "$dir"
}

case $cmd in
start)
    [ $# -eq 3 ] || { echo "usage: $0 start DIR PORT" >&2; exit 2; }
    start "$3"
    ;;
stop) stop ;;
*)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
