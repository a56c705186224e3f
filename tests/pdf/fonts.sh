#!/bin/bash
# Every printed document carries its fonts: pdffonts shows each one
# embedded, cut to the glyphs used, with a ToUnicode map; the text comes
# back the same without poppler's Chinese data (as on a viewer or printer
# without a CJK language pack); and the certificate looks like its
# reference picture, with or without that data. SY_UPDATE_GOLDEN=1
# rewrites the picture (look at it before committing).
source "$(dirname "$0")/../lib.sh"
HELPERS=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers
GOLDEN=$TESTS_DIR/pdf/golden
docs=$WORK/docs
mkdir -p "$docs"

run "$HELPERS/pdf_render" all "$docs"
expect_rc "every sample document renders" 0
# a report and a certificate as the clerk makes them, from the command line
export SCRAPYARD_DB=$WORK/yard.db
"$SY" init --name 某某再生资源回收有限公司 --license JZ-110000-2021-0042 --address 北京市大兴区 >/dev/null
V=$(vin 42)
"$SY" vehicle add --vin "$V" --plate 粤BA03205 --owner 欧阳娜娜 --owner-id 440524188001010014 --registration --licence --plates 2 >/dev/null
run "$SY" cert issue "$V" --output "$docs/issued.pdf"
expect_rc "cert issue" 0
certno=${out%%[[:space:]]*}
run "$SY" report operations --from 2020-01-01 --to 2030-12-31 --pdf "$docs/report.pdf"
expect_rc "operations report" 0

for pdf in "$docs"/*.pdf; do
	name=$(basename "$pdf" .pdf)
	fonts=$(pdffonts "$pdf" 2>&1 | tail -n +3)
	check "$name: has fonts" test -n "$fonts"
	check "$name: every font embedded, a subset, with a ToUnicode map" \
		awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" { bad = 1; print } END { exit bad }' <<<"$fonts"
	check "$name: Chinese in an embedded CID font" grep -qE '\+WenQuanYiMicroHei +CID TrueType' <<<"$fonts"
done

# Without poppler-data: an empty folder over /usr/share/poppler in a
# private mount namespace (user namespaces, or root).
hide_poppler_data() { # CMD...: run CMD with poppler's data hidden
	mkdir -p "$WORK/empty"
	unshare -rm sh -c 'mount --bind "$0" /usr/share/poppler && exec "$@"' "$WORK/empty" "$@"
}
if [ -d /usr/share/poppler ] && hide_poppler_data test ! -e /usr/share/poppler/cidToUnicode 2>/dev/null; then
	for pdf in "$docs"/*.pdf; do
		name=$(basename "$pdf" .pdf)
		with=$(pdftotext -layout "$pdf" - 2>/dev/null)
		without=$(hide_poppler_data pdftotext -layout "$pdf" - 2>"$WORK/$name.err")
		check "$name: the same text without poppler-data" test "$with" = "$without"
		check "$name: and no complaint of a missing language pack" bash -c "! grep -q 'language pack' '$WORK/$name.err'"
	done
	text=$(hide_poppler_data pdftotext -layout "$docs/cert.pdf" - 2>/dev/null)
	for want in 报废机动车回收证明 某某再生资源回收有限公司 张三 京A12345 1M8GDM9AXKP042788 11010519491231002X \
		北京市朝阳区建国路88号院3号楼2单元501室 "小型普通客车" "已收回 1 面，应交 2 面"; do
		check_contains "without poppler-data the certificate shows $want" "$text" "$want"
	done
	text=$(hide_poppler_data pdftotext -layout "$docs/issued.pdf" - 2>/dev/null)
	for want in 欧阳娜娜 粤BA03205 "$V" 440524188001010014; do
		check_contains "without poppler-data an issued certificate shows $want" "$text" "$want"
	done
	text=$(hide_poppler_data pdftotext -layout "$docs/ledger-parts.pdf" - 2>/dev/null)
	check_contains "without poppler-data page numbers read 第 1 / 4 页" "$text" "第 1 / 4 页 Page 1 / 4"
else
	echo "# cannot hide /usr/share/poppler (no mount namespaces here): checks without poppler-data skipped"
fi

# A machine without the fonts: the document is refused with the package to
# install, and no file is left (the fonts hidden in a private mount namespace).
hide() { # DIR CMD...: run CMD with DIR hidden behind an empty folder
	local dir=$1
	shift
	mkdir -p "$WORK/empty"
	unshare -rm sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' "$WORK/empty" "$dir" "$@"
}
if hide /usr/share/fonts/truetype/liberation2 true 2>/dev/null; then
	run hide /usr/share/fonts/truetype/liberation2 "$HELPERS/pdf_render" cert "$WORK/nolatin.pdf"
	expect_rc "without Liberation Sans the certificate is refused" 2
	check_contains "naming the package to install" "$err" "Install the Debian package fonts-liberation2"
	check "and leaving no file" test ! -e "$WORK/nolatin.pdf"
	run hide /usr/share/fonts/truetype/wqy "$HELPERS/pdf_render" cert "$WORK/nocjk.pdf"
	expect_rc "without WenQuanYi Micro Hei the certificate is refused" 2
	check_contains "naming the package to install" "$err" "Install the Debian package fonts-wqy-microhei"
	check "and leaving no file" test ! -e "$WORK/nocjk.pdf"
	run hide /usr/share/fonts/truetype/wqy "$SY" --lang zh cert pdf "$certno" --output "$WORK/nocjk2.pdf"
	check_contains "in Chinese from the command line" "$err" "请安装 Debian 软件包 fonts-wqy-microhei"
else
	echo "# cannot hide the font folders (no mount namespaces here): missing-font checks skipped"
fi

# The certificate as a picture, against the reference: a wrong glyph, a
# moved line or a missing word is hundreds of pixels; anti-aliasing a few.
pdftoppm -r 100 -gray -png -singlefile "$docs/cert.pdf" "$WORK/cert"
if [ "${SY_UPDATE_GOLDEN:-}" = 1 ]; then
	mkdir -p "$GOLDEN"
	cp "$WORK/cert.png" "$GOLDEN/certificate.png"
fi
run "$HELPERS/page_compare" "$WORK/cert.png" "$GOLDEN/certificate.png" 40 "$WORK/cert-diff.png"
check "the certificate matches its reference picture ($out)" test "$rc" = 0
if hide_poppler_data true 2>/dev/null; then
	hide_poppler_data pdftoppm -r 100 -gray -png -singlefile "$docs/cert.pdf" "$WORK/cert-bare" 2>/dev/null
	run "$HELPERS/page_compare" "$WORK/cert-bare.png" "$GOLDEN/certificate.png" 40
	check "and looks the same without poppler-data ($out)" test "$rc" = 0
fi
# the comparison itself sees a changed certificate
pdftoppm -r 100 -gray -png -singlefile "$docs/cert-nev.pdf" "$WORK/nev"
run "$HELPERS/page_compare" "$WORK/nev.png" "$GOLDEN/certificate.png" 40
check "a certificate with another plate does not match ($out)" test "$rc" = 1
finish
