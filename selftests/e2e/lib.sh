# SPDX-License-Identifier: GPL-2.0
# Real TLS servers with kTLS, real clients, and the capture of the module's
# events, for selftests/e2e.sh and scripts/demo. Source it inside the test
# guest (scripts/vm-run) after setting E2E_TOP (the repository) and
# E2E_CACHE (the setup cache); then call e2e_init WORKDIR.
#
# Two userlands:
#   bookworm  the guest's root: nginx 1.22, OpenSSL 3.0, curl 7.88
#   trixie    the chroot scripts/setup keeps in $E2E_CACHE/trixie: nginx 1.26,
#             OpenSSL 3.5, curl 8
# The work directory is under /tmp, which is bind-mounted into the chroot,
# so both userlands see the same paths. Processes started in the chroot keep
# their pid, so the host's ss and /proc see them as they are.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_TRIXIE=$E2E_CACHE/trixie
E2E_CLI=$E2E_TOP/build/userspace/ktls-alert
E2E_ALERT_CLIENT=$E2E_TOP/build/selftests/e2e/alert_client
E2E_WORK=
E2E_MOUNTS=()
E2E_PIDS=()

# Say why something failed, on standard error.
e2e_err() {
	echo "e2e: $*" >&2
}

# Poll COMMAND every 0.1 s for up to SECONDS; status 0 once it succeeds.
e2e_wait_for() {
	local seconds=$1 i
	shift
	for ((i = 0; i < seconds * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

e2e_init() {
	E2E_WORK=$1
	mkdir -p "$E2E_WORK"
	chmod 755 "$E2E_WORK"
}

# A self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1,
# made now and never kept: it is both the server's certificate and the
# clients' trust anchor.
e2e_make_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
		-days 1 -keyout "$E2E_WORK/key.pem" -out "$E2E_WORK/cert.pem" \
		>"$E2E_WORK/cert.log" 2>&1 || { cat "$E2E_WORK/cert.log" >&2; return 1; }
	# nginx's worker runs as nobody and reads the key after the master
	# has dropped privileges; this key lives only in the guest's /tmp.
	chmod 644 "$E2E_WORK/key.pem"
}

e2e_userland_up() {
	local m
	[ "$1" = trixie ] || return 0
	[ -f "$E2E_TRIXIE/.ready" ] || {
		e2e_err "the trixie userland is not prepared at $E2E_TRIXIE: run scripts/setup"
		return 1
	}
	for m in proc dev tmp; do
		mountpoint -q "$E2E_TRIXIE/$m" && continue
		case $m in
		proc) mount -t proc proc "$E2E_TRIXIE/proc" ;;
		*) mount --bind "/$m" "$E2E_TRIXIE/$m" ;;
		esac || return 1
		E2E_MOUNTS+=("$E2E_TRIXIE/$m")
	done
}

# Run a command of userland $1.
e2e_in() {
	local u=$1
	shift
	if [ "$u" = trixie ]; then
		chroot "$E2E_TRIXIE" "$@"
	else
		"$@"
	fi
}

# "nginx 1.22.1, OpenSSL 3.0.22": what a userland really runs.
e2e_userland_versions() {
	local n o
	n=$(e2e_in "$1" nginx -v 2>&1 | sed -n 's|.*nginx/\([^ ]*\).*|\1|p')
	o=$(e2e_in "$1" openssl version | awk '{print $2}')
	echo "nginx $n, OpenSSL $o"
}

# nginx of userland $1 on 127.0.0.1 and ::1, port $2. Sets E2E_NGINX_MASTER
# and E2E_NGINX_WORKER.
e2e_nginx_start() {
	local u=$1 port=$2 conf=$E2E_WORK/nginx-$1.conf
	mkdir -p "$E2E_WORK/nginx-tmp"
	sed -e "s|@DIR@|$E2E_WORK|g" -e "s|@PORT@|$port|g" \
		"$E2E_DIR/nginx.conf.in" >"$conf"
	rm -f "$E2E_WORK/nginx.pid"
	if ! e2e_in "$u" nginx -c "$conf" -e "$E2E_WORK/nginx-error.log"; then
		e2e_err "nginx ($u) did not start:"
		tail -n 5 "$E2E_WORK/nginx-error.log" >&2
		return 1
	fi
	e2e_wait_for 10 test -s "$E2E_WORK/nginx.pid" || {
		e2e_err "nginx ($u) wrote no pid file"
		return 1
	}
	E2E_NGINX_MASTER=$(cat "$E2E_WORK/nginx.pid")
	E2E_NGINX_WORKER=
	e2e_wait_for 10 e2e_nginx_find_worker || {
		e2e_err "nginx ($u) master $E2E_NGINX_MASTER started no worker"
		return 1
	}
	E2E_NGINX_CONF=$conf
	E2E_NGINX_USERLAND=$u
}

e2e_nginx_find_worker() {
	E2E_NGINX_WORKER=$(pgrep -P "$E2E_NGINX_MASTER" | head -n 1)
	[ -n "$E2E_NGINX_WORKER" ]
}

e2e_nginx_stop() {
	[ -n "${E2E_NGINX_MASTER:-}" ] || return 0
	e2e_in "$E2E_NGINX_USERLAND" nginx -c "$E2E_NGINX_CONF" \
		-e "$E2E_WORK/nginx-error.log" -s stop 2>/dev/null
	e2e_wait_for 10 e2e_gone "$E2E_NGINX_MASTER" ||
		kill -KILL "$E2E_NGINX_MASTER" "$E2E_NGINX_WORKER" 2>/dev/null
	E2E_NGINX_MASTER=
}

# openssl s_server of userland $1 on address $2, port $3, with kTLS switched
# on by an OpenSSL configuration file (Options = KTLS). Answers "GET /"
# with its status page (-www). Sets E2E_S_SERVER to its pid.
e2e_s_server_start() {
	local u=$1 host=$2 port=$3
	local cmd=(openssl s_server -accept "$(e2e_hostport "$host" "$port")"
		-cert "$E2E_WORK/cert.pem" -key "$E2E_WORK/key.pem" -www
		-cipher ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-CCM
		-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256)
	# The configuration must be visible in the chroot too. OpenSSL
	# silently goes on without kTLS when the file is missing.
	cp "$E2E_DIR/openssl-ktls.cnf" "$E2E_WORK/openssl-ktls.cnf"
	[ "$u" = trixie ] && cmd=(chroot "$E2E_TRIXIE" "${cmd[@]}")
	# A simple command, so that $! is s_server itself (chroot execs it).
	OPENSSL_CONF=$E2E_WORK/openssl-ktls.cnf "${cmd[@]}" \
		</dev/null >"$E2E_WORK/s_server-$u.log" 2>&1 &
	E2E_S_SERVER=$!
	E2E_PIDS+=("$E2E_S_SERVER")
	e2e_wait_for 20 e2e_listening "$port" || {
		e2e_err "openssl s_server ($u) is not listening on port $port:"
		tail -n 5 "$E2E_WORK/s_server-$u.log" >&2
		return 1
	}
}

e2e_s_server_stop() {
	[ -n "${E2E_S_SERVER:-}" ] || return 0
	kill "$E2E_S_SERVER" 2>/dev/null
	wait "$E2E_S_SERVER" 2>/dev/null
	E2E_S_SERVER=
}

e2e_listening() {
	[ -n "$(ss -HltnO "sport = :$1")" ]
}

# 127.0.0.1:443 or [::1]:443
e2e_hostport() {
	case $1 in
	*:*) echo "[$1]:$2" ;;
	*) echo "$1:$2" ;;
	esac
}

# OpenSSL's name of a cipher (named as GnuTLS and linux/tls.h do) for a TLS
# version, with an ECDSA certificate.
e2e_openssl_cipher() {
	case $1/$2 in
	1.2/AES-128-GCM) echo ECDHE-ECDSA-AES128-GCM-SHA256 ;;
	1.2/AES-256-GCM) echo ECDHE-ECDSA-AES256-GCM-SHA384 ;;
	1.2/CHACHA20-POLY1305) echo ECDHE-ECDSA-CHACHA20-POLY1305 ;;
	1.2/AES-128-CCM) echo ECDHE-ECDSA-AES128-CCM ;;
	1.3/AES-128-GCM) echo TLS_AES_128_GCM_SHA256 ;;
	1.3/AES-256-GCM) echo TLS_AES_256_GCM_SHA384 ;;
	1.3/CHACHA20-POLY1305) echo TLS_CHACHA20_POLY1305_SHA256 ;;
	1.3/AES-128-CCM) echo TLS_AES_128_CCM_SHA256 ;;
	*) e2e_err "no OpenSSL name for $2 in TLS $1"; return 1 ;;
	esac
}

# curl of userland $1 fetches https://HOST:PORT/ with exactly TLS version
# $4 and cipher $5, verifying the certificate, then closes (curl sends
# close_notify when it closes the connection). Prints curl's local port.
e2e_curl() {
	local u=$1 host=$2 port=$3 version=$4 cipher=$5 name out
	name=$(e2e_openssl_cipher "$version" "$cipher") || return 1
	local args=(--cacert "$E2E_WORK/cert.pem" -sS -o /dev/null --max-time 60
		-w '%{local_port} %{http_code}\n')
	if [ "$version" = 1.2 ]; then
		args+=(--tlsv1.2 --tls-max 1.2 --ciphers "$name")
	else
		args+=(--tlsv1.3 --tls13-ciphers "$name")
	fi
	out=$(e2e_in "$u" curl "${args[@]}" "https://$(e2e_hostport "$host" "$port")/") || {
		e2e_err "curl ($u) to $host port $port, TLS $version $cipher failed"
		return 1
	}
	set -- $out
	[ "$2" = 200 ] || {
		e2e_err "curl ($u) got HTTP status $2"
		return 1
	}
	echo "$1"
}

# The line ss prints for the server's end of the connection between server
# port $1 and client port $2, with TCP and ULP details.
e2e_ss_server_sock() {
	ss -HtinO state established "( sport = :$1 and dport = :$2 )"
}

# openssl s_client of userland $1 connects to HOST:PORT with exactly TLS
# version $4 and cipher $5, verifying the certificate. While it is
# connected, the kernel's view of the server's socket must show kTLS RX
# (ss: "tcp-ulp-tls ... rxconf: sw"), for version $4 and cipher $5. Then its
# standard input ends, and s_client closes the connection with close_notify.
# Prints the client's local port and the server socket's ULP line.
e2e_s_client() {
	local u=$1 host=$2 port=$3 version=$4 cipher=$5 name pid lport= fifo ulp
	name=$(e2e_openssl_cipher "$version" "$cipher") || return 1
	local args=(-connect "$(e2e_hostport "$host" "$port")" -servername localhost
		-CAfile "$E2E_WORK/cert.pem" -verify_return_error)
	if [ "$version" = 1.2 ]; then
		args+=(-tls1_2 -cipher "$name")
	else
		args+=(-tls1_3 -ciphersuites "$name")
	fi
	fifo=$E2E_WORK/s_client.in
	rm -f "$fifo"
	mkfifo "$fifo"
	e2e_in "$u" timeout 60 openssl s_client "${args[@]}" <"$fifo" \
		>"$E2E_WORK/s_client.log" 2>&1 &
	pid=$!
	exec {E2E_FIFO_FD}>"$fifo"
	e2e_wait_for 20 e2e_client_port "$port"
	lport=$E2E_LPORT
	ulp=
	if [ -n "$lport" ]; then
		e2e_wait_for 20 e2e_server_has_ktls_rx "$port" "$lport"
		ulp=$(e2e_ss_server_sock "$port" "$lport" | grep -o 'tcp-ulp-tls.*')
	fi
	exec {E2E_FIFO_FD}>&-
	rm -f "$fifo"
	if ! wait "$pid"; then
		e2e_err "openssl s_client ($u) to $host port $port, TLS $version $cipher failed:"
		tail -n 5 "$E2E_WORK/s_client.log" >&2
		return 1
	fi
	[ -n "$lport" ] || {
		e2e_err "openssl s_client ($u) never showed an established connection"
		return 1
	}
	echo "$lport $ulp"
}

# The local port of the one client connected to server port $1.
e2e_client_port() {
	E2E_LPORT=$(ss -HtnO state established "dport = :$1" |
		awk 'NR == 1 { sub(/.*:/, "", $3); print $3 }')
	[ -n "$E2E_LPORT" ]
}

e2e_server_has_ktls_rx() {
	e2e_ss_server_sock "$1" "$2" | grep -q 'tcp-ulp-tls.*rxconf: sw'
}

# kTLS software RX sockets the kernel has set up since boot.
e2e_tls_rx_sw() {
	awk '$1 == "TlsRxSw" { print $2 }' /proc/net/tls_stat
}

# Start `ktls-alert monitor --json` into $E2E_WORK/$1.events, with the
# counters reset, and wait until it listens. Remembers TlsRxSw.
e2e_capture_start() {
	local name=$1
	E2E_CAP=$E2E_WORK/$name
	: >"$E2E_CAP.events"
	: >"$E2E_CAP.expect"
	"$E2E_CLI" stats --reset || return 1
	"$E2E_CLI" monitor --json >"$E2E_CAP.events" 2>"$E2E_CAP.monitor-err" &
	E2E_MONITOR=$!
	E2E_PIDS+=("$E2E_MONITOR")
	e2e_wait_for 20 grep -q listening "$E2E_CAP.monitor-err" || {
		e2e_err "ktls-alert monitor did not start listening:"
		cat "$E2E_CAP.monitor-err" >&2
		return 1
	}
	E2E_RX_BEFORE=$(e2e_tls_rx_sw)
}

# Stop the capture once $1 events are in (or 20 s passed), giving late
# extra events half a second to show; save the counters next to it.
e2e_capture_stop() {
	local want=$1
	e2e_wait_for 20 e2e_events_at_least "$want"
	sleep 0.5
	kill -INT "$E2E_MONITOR" 2>/dev/null
	if e2e_wait_for 10 e2e_gone "$E2E_MONITOR"; then
		wait "$E2E_MONITOR"
		E2E_MONITOR_STATUS=$?
	else
		echo "ktls-alert monitor ignored SIGINT for 10 s" >>"$E2E_CAP.monitor-err"
		kill -KILL "$E2E_MONITOR"
		wait "$E2E_MONITOR"
		E2E_MONITOR_STATUS=timeout
	fi
	E2E_RX_AFTER=$(e2e_tls_rx_sw)
	"$E2E_CLI" stats --json >"$E2E_CAP.stats"
}

e2e_gone() {
	! kill -0 "$1" 2>/dev/null
}

e2e_events_at_least() {
	[ "$(grep -c . "$E2E_CAP.events")" -ge "$1" ]
}

# Everything this library started or mounted goes away.
e2e_cleanup() {
	local p i
	e2e_nginx_stop
	for p in "${E2E_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${E2E_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	E2E_PIDS=()
	for ((i = ${#E2E_MOUNTS[@]} - 1; i >= 0; i--)); do
		umount "${E2E_MOUNTS[i]}" || umount -l "${E2E_MOUNTS[i]}"
	done
	E2E_MOUNTS=()
}
