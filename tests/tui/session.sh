#!/bin/bash
# The session at a counter: F12 logs out (or lets another user log in), a
# terminal left alone logs its user out, nothing typed survives the user.
source "$(dirname "$0")/../lib.sh"
source "$TESTS_DIR/tui/tmux.bash"

tui_init_db
SCRAPYARD_PIN=48264826 "$SY" --db "$DB" init --admin boss >/dev/null
export SCRAPYARD_USER=boss SCRAPYARD_PIN=48264826
SCRAPYARD_NEW_PIN=135790 "$SY" --db "$DB" user add clerk1 --role clerk >/dev/null
"$SY" --db "$DB" user require-login yes >/dev/null
unset SCRAPYARD_USER SCRAPYARD_PIN

tui_start 80 24 SCRAPYARD_PIN=48264826 -- --user boss
check_screen "logged in with --user and the PIN" "[boss]"
check_screen "F12 is in the key bar" "F12Log out"
tui_keys F12
check_screen "F12: the login screen for the next user" "This yard requires a login"
check_screen "F12: says who logged out" "boss logged out"
check_no_screen "F12: nobody in the title" "[boss]"
tui_type 'clerk1'; tui_keys Enter
tui_type '135790'; tui_keys Enter
check_screen "another user logs in" "Logged in as clerk1"
check_screen "and is named in the title" "[clerk1]"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys Tab; tui_type 'Half Typed'
tui_keys F12
check_screen "unsaved input: F12 asks first" "press F12 again"
check_screen "the form is still there" "Half Typed"
tui_keys F12
check_screen "F12 again: logged out" "clerk1 logged out"
check_screen "back to the login screen" "This yard requires a login"
tui_keys Escape
check_screen "Esc: the menu" "1  Check-in"
tui_keys 1
check_no_screen "what the last user typed is gone" "Half Typed"
tui_keys F10
check_screen "quit" "[exit 0]"

# A terminal left alone: the user is logged out after the setting's seconds.
SCRAPYARD_USER=boss SCRAPYARD_PIN=48264826 "$SY" --db "$DB" setting idle_logout_seconds 2 >/dev/null
tui_start 80 24 SCRAPYARD_PIN=135790 -- --user clerk1
check_screen "logged in" "[clerk1]"
tui_keys 1
tui_keys Tab; tui_type 'Left Alone'
check_screen "idle: logged out by itself" "clerk1 was logged out after 2 s without a key" 15
check_screen "idle: the login screen" "This yard requires a login"
check_no_screen "idle: the form is gone" "Left Alone"
tui_keys F10
check_screen "quit" "[exit 0]"

# In Chinese, and in a yard without users.
tui_start 80 24 SCRAPYARD_PIN=48264826 -- --user boss --lang zh
check_screen "zh: F12 in the key bar" "F12注销"
tui_keys F10
rm -f "$DB" "$DB-wal" "$DB-shm"
tui_init_db
tui_start 80 24
check_screen "no users: the menu" "1  Check-in"
tui_keys F12
check_screen "no users: F12 says there is nobody to log out" "This yard has no users"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
