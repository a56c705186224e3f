#!/bin/bash
# The devices screen with a Brother QL in Editor Lite mode plugged in: a
# USB disk (umockdev), not a printer. The screen lists it as such and says
# how to switch the mode off, in English and in Chinese.
source "$(dirname "$0")/../lib.sh"
# Under the sanitizers, umockdev's preload library comes before the ASan runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
command -v umockdev-run >/dev/null || { echo "not ok 1 - umockdev-run is not installed"; exit 1; }
# The program runs inside the umockdev test bed that holds the device.
REAL_SY=$SY
SY=$WORK/scrapyard-editor-lite
printf '#!/bin/sh\nexec umockdev-run --device %s -- %s "$@"\n' \
	"$TESTS_DIR/devices/printer_replays/editor-lite.umockdev" "$REAL_SY" >"$SY"
chmod +x "$SY"
source "$(dirname "$0")/tmux.bash"
tui_init_db

tui_start 100 30
check_screen "main menu" "0  Settings"
tui_keys 0
check_screen "settings menu" "2  Label printer"
tui_keys 2
check_screen "the devices screen" "USB printers found"
check_screen "the QL is listed in Editor Lite mode" "04f9:2049@1-9    Brother QL-700  Editor Lite mode (a USB disk)"
check_screen "what to do" "Editor Lite button until the Editor Lite light goes out"
check_screen "wrapped, not cut" "out, then look again"
tui_keys F10
check_screen "quit" "[exit 0]"

tui_start 100 30 -- --lang zh
check_screen "Chinese main menu" "0  设置"
tui_keys 0 2
check_screen "Chinese devices screen" "找到的 USB 打印机"
check_screen "Editor Lite in Chinese" "Editor Lite 模式（U 盘）"
check_screen "what to do in Chinese" "灯熄灭，再重新查找"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
