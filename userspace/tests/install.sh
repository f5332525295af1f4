#!/bin/sh
# SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
#
# install.sh MAKE SRCDIR O
#
# Stages `make install` under O/stage with PREFIX=/usr and checks the result
# the way a packager and an integrator would: the file layout, the soname,
# the exported symbols, a program built from pkg-config flags alone (shared
# and static), the man pages, and uninstall. Prints TAP.

make=$1
src=$2
o=$3
stage=$o/stage
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n - $1"
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

rm -rf "$stage"
if $make -s -C "$src" O="$o" DESTDIR="$stage" PREFIX=/usr install \
	>"$o/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/usr succeeds"
else
	not_ok "make install DESTDIR=... PREFIX=/usr succeeds"
	sed 's/^/# /' "$o/install.log"
fi

missing=
for f in usr/lib/libktls_alert.so.1.0.0 usr/lib/libktls_alert.so.1 \
	 usr/lib/libktls_alert.so usr/lib/libktls_alert.a \
	 usr/lib/pkgconfig/libktls_alert.pc \
	 usr/include/ktls_alert/ktls_alert.h \
	 usr/include/ktls_alert/registry.h \
	 usr/include/ktls_alert/registry_flags.h \
	 usr/include/ktls_alert/linux/ktls_alert.h \
	 usr/sbin/ktls-alert usr/share/man/man8/ktls-alert.8 \
	 usr/share/man/man3/libktls_alert.3; do
	[ -e "$stage/$f" ] || missing="$missing $f"
done
check "every file lands where it belongs${missing:+ (missing:$missing)}" \
	test -z "$missing"
check "the library symlinks point along the soname chain" \
	sh -c '[ "$(readlink "$1/libktls_alert.so")" = libktls_alert.so.1 ] &&
	       [ "$(readlink "$1/libktls_alert.so.1")" = libktls_alert.so.1.0.0 ]' \
	sh "$stage/usr/lib"

lib=$stage/usr/lib/libktls_alert.so.1.0.0
if command -v readelf >/dev/null 2>&1; then
	check "the shared library's soname is libktls_alert.so.1" \
		sh -c 'readelf -d "$1" | grep -q "SONAME.*\[libktls_alert\.so\.1\]"' \
		sh "$lib"
else
	skip "the shared library's soname is libktls_alert.so.1" "no readelf"
fi
if command -v nm >/dev/null 2>&1; then
	nm -D --defined-only "$lib" | awk '{ print $3 }' | sed 's/@.*//' \
		>"$o/exports"
	check "only ktls_alert_* symbols are exported, ktls_alert_open among them" \
		sh -c '! grep -v -e "^ktls_alert_" -e "^KTLS_ALERT_1$" "$1" &&
		       grep -q "^ktls_alert_open$" "$1" &&
		       grep -q "^ktls_alert_dispatch$" "$1"' sh "$o/exports"
else
	skip "only ktls_alert_* symbols are exported" "no nm"
fi

export PKG_CONFIG_PATH="$stage/usr/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
cc=${CC:-cc}
if cflags=$(pkg-config --cflags libktls_alert) &&
   libs=$(pkg-config --libs libktls_alert); then
	# shellcheck disable=SC2086
	if $cc $cflags -o "$o/consumer" "$src/tests/consumer.c" $libs &&
	   [ "$(LD_LIBRARY_PATH="$stage/usr/lib" "$o/consumer")" = \
	     "handshake_failure fatal 1.0.0" ]; then
		ok "a program built with pkg-config flags alone runs against the shared library"
	else
		not_ok "a program built with pkg-config flags alone runs against the shared library"
	fi
	# shellcheck disable=SC2086
	if $cc $cflags -o "$o/consumer-static" "$src/tests/consumer.c" \
		"$stage/usr/lib/libktls_alert.a" \
		$(pkg-config --libs --static libktls_alert | sed 's/-lktls_alert//') &&
	   [ "$("$o/consumer-static")" = "handshake_failure fatal 1.0.0" ]; then
		ok "the same program links against the static library"
	else
		not_ok "the same program links against the static library"
	fi
else
	not_ok "pkg-config finds libktls_alert in the staged tree"
fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

check "the installed tool runs" \
	sh -c '"$1" --version | grep -q "^ktls-alert 1.0.0"' \
	sh "$stage/usr/sbin/ktls-alert"

if command -v groff >/dev/null 2>&1; then
	for page in man8/ktls-alert.8 man3/libktls_alert.3; do
		groff -man -Tutf8 -ww -z "$stage/usr/share/man/$page" \
			>"$o/groff.log" 2>&1
		check "man page $page formats without warnings" \
			test ! -s "$o/groff.log"
		[ -s "$o/groff.log" ] && sed 's/^/# /' "$o/groff.log"
	done
else
	skip "man pages format without warnings" "no groff"
fi

$make -s -C "$src" O="$o" DESTDIR="$stage" PREFIX=/usr uninstall \
	>"$o/install.log" 2>&1
left=$(find "$stage" -type f -o -type l | head -n 5)
check "make uninstall removes every file it installed${left:+ (left: $left)}" \
	test -z "$left"

echo "1..$n"
exit $failed
