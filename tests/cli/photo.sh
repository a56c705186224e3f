#!/bin/bash
# Evidence photos: attached and kept under their SHA-256 beside the database,
# refused when they are no picture or too big, a changed or missing file found
# by audit verify, carried by backups, restores and exports, shown with a
# thumbnail (upright by its EXIF orientation) in the dismantling record.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard/yard.db SCRAPYARD_USER=clerk SCRAPYARD_NOW=2026-04-28
IMG=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/image_sample
js() { printf '%s' "$out" | jq -r "$1"; }
q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
mkdir -p "$WORK/yard" "$WORK/cam" "$WORK/stick"

"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null
"$SY" vehicle add --vin LGBH52E05KY000002 --plate 京AD12345 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power bev --battery-code 001PE1A0000001A110000012 >/dev/null
"$IMG" jpeg 1600 1200 "$WORK/cam/entry.jpg"
"$IMG" jpeg 4000 3000 "$WORK/cam/rubbing.jpg" 6 # a phone held upright: rotate 90 degrees to view
"$IMG" png 800 600 "$WORK/cam/scan.png"

# --- attach
run "$SY" --json photo add V2026-000001 "$WORK/cam/entry.jpg" --what entry
expect_rc "attach a JPEG" 0
sha=$(sha256sum "$WORK/cam/entry.jpg" | cut -d' ' -f1)
check "its SHA-256 recorded" test "$(js .sha256)" = "$sha"
check "kept under it beside the database" cmp -s "$WORK/cam/entry.jpg" "$WORK/yard/photos/${sha:0:2}/$sha.jpg"
check "size and dimensions" test "$(js '[.bytes, .width, .height, .type] | map(tostring) | join(" ")')" = \
	"$(stat -c %s "$WORK/cam/entry.jpg") 1600 1200 jpeg"
check "the audit trail holds the hash" test "$(q "SELECT count(*) FROM audit WHERE entity = 'photo' AND new LIKE '%$sha%'")" = 1
run "$SY" photo add V2026-000001 "$WORK/cam/rubbing.jpg" --what rubbing
expect_rc "attach a rotated JPEG" 0
run "$SY" photo add V2026-000001 "$WORK/cam/scan.png" --what other --step traction_battery
expect_rc "attach a PNG to a step" 0
run "$SY" photo add V2026-000001 "$WORK/cam/scan.png" --what other
expect_rc "the same picture twice" 1
check_contains "says it is attached already" "$err" "attached to V2026-000001 already"
run "$SY" photo add V2026-000001 "$WORK/cam/scan.png" --what selfie
expect_rc "unknown kind" 1
check_contains "names the kinds" "$err" "entry|rubbing|cut|battery|other"
run "$SY" photo add V2026-000001 "$WORK/cam/scan.png" --what other --step gearbox
expect_rc "unknown step" 1
run "$SY" --json photo list V2026-000001
expect_rc "list" 0
check "three photos, in order" test "$(js 'map(.what) | join(",")')" = "entry,rubbing,other"
check "all files whole" test "$(js 'map(.file_ok) | all')" = true

# --- refused: no picture, cut short, too big, too small, not there
printf 'Not a picture at all\n' >"$WORK/cam/notes.jpg"
run "$SY" photo add V2026-000001 "$WORK/cam/notes.jpg" --what other
expect_rc "a text file named .jpg" 1
check_contains "says it is no image" "$err" "not a JPEG or PNG image"
head -c 4000 "$WORK/cam/entry.jpg" >"$WORK/cam/cut.jpg"
run "$SY" photo add V2026-000001 "$WORK/cam/cut.jpg" --what other
expect_rc "a JPEG cut short" 1
check_contains "says it is damaged" "$err" "damaged or cut short"
head -c 3000 "$WORK/cam/scan.png" >"$WORK/cam/cut.png"
run "$SY" photo add V2026-000001 "$WORK/cam/cut.png" --what other
expect_rc "a PNG cut short" 1
cp "$WORK/cam/entry.jpg" "$WORK/cam/huge.jpg"
truncate -s 21M "$WORK/cam/huge.jpg"
run "$SY" photo add V2026-000001 "$WORK/cam/huge.jpg" --what other
expect_rc "over 20 MB" 1
check_contains "says the limit" "$err" "at most 20 MB"
"$IMG" png 7200 7200 "$WORK/cam/bomb.png"
run "$SY" photo add V2026-000001 "$WORK/cam/bomb.png" --what other
expect_rc "small on disk, 52 megapixels decoded" 1
check_contains "says the pixel limit" "$err" "50 megapixels"
"$IMG" png 16 16 "$WORK/cam/icon.png"
run "$SY" photo add V2026-000001 "$WORK/cam/icon.png" --what other
expect_rc "an icon" 1
run "$SY" photo add V2026-000001 "$WORK/cam/nothere.jpg" --what other
expect_rc "a file that is not there" 1
check_contains "says there is no such file" "$err" "there is no file $WORK/cam/nothere.jpg"
check "nothing refused was kept" test "$(q 'SELECT count(*) FROM photos')" = 3

# --- the newest picture of the camera folder
run "$SY" photo add V2026-000001 --newest --what cut
expect_rc "newest without a folder" 1
check_contains "says how to set the folder" "$err" "photo folder PATH"
run "$SY" photo folder "$WORK/nowhere"
expect_rc "a folder that is not there" 1
run "$SY" photo folder "$WORK/cam"
expect_rc "set the folder" 0
"$IMG" jpeg 1200 900 "$WORK/cam/IMG_0042.jpg" 1 7
touch -d '2026-04-28 10:00' "$WORK/cam/IMG_0042.jpg"
touch -d '2026-04-28 09:00' "$WORK"/cam/{entry,rubbing,notes,cut,huge,icon}.jpg "$WORK"/cam/*.png
run "$SY" --json photo add V2026-000001 --newest --what cut
expect_rc "attach the newest" 0
check "it took the newest" test "$(js .original_name)" = IMG_0042.jpg

# --- a dismantling record with thumbnails, upright
run "$SY" doc dismantling V2026-000001 --output "$WORK/dism.pdf"
expect_rc "dismantling record" 0
images=$(pdfimages -list "$WORK/dism.pdf" 2>/dev/null | awk 'NR > 2 {print $4 "x" $5 "/" $9}')
check "four thumbnails" test "$(printf '%s\n' "$images" | grep -c .)" = 4
check "small JPEG thumbnails" test "$(printf '%s\n' "$images" | grep -vc '/jpeg$')" = 0
check "the rotated photo stands upright (portrait)" contains "$images" "135x180/jpeg"
check "the landscape photo stays landscape" contains "$images" "240x180/jpeg"
text=$(pdftotext -layout "$WORK/dism.pdf" - 2>/dev/null)
check_contains "captions say what they show" "$text" "车架号及发动机号拓印"
check_contains "and their hash" "$text" "${sha:0:12}"
check "the record stays small" test "$(stat -c %s "$WORK/dism.pdf")" -lt 200000

# --- backup and export carry the files
run "$SY" --json backup "$WORK/stick"
expect_rc "backup" 0
check "photos copied beside the backup" test "$(js .photos.copied)" = 4
check "the copy is the file" cmp -s "$WORK/cam/entry.jpg" "$WORK/stick/scrapyard-photos/${sha:0:2}/$sha.jpg"
run "$SY" --json backup "$WORK/stick"
check "a second backup copies none again" test "$(js '.photos.copied, .photos.kept' | tr '\n' ' ')" = "0 4 "
run "$SY" --json export --out "$WORK/out"
dir=$(js .folder)
check "export lists the photos" test "$(jq length "$dir/photos.json")" = 4
check "export carries the files" cmp -s "$WORK/cam/entry.jpg" "$dir/photos/$sha.jpg"

# --- a changed file, a missing one: audit verify finds them
chmod u+w "$WORK/yard/photos/${sha:0:2}/$sha.jpg"
printf 'x' >>"$WORK/yard/photos/${sha:0:2}/$sha.jpg"
run "$SY" audit verify
expect_rc "a changed photo" 1
check_contains "says which and how" "$err" "photo 1 of V2026-000001 (entry) was changed after it was attached"
run "$SY" --json audit verify
check "JSON: not intact, the photo named" test "$(js '.intact, .photo_problems[0].photo' | tr '\n' ' ')" = "false 1 "
rot=$(q "SELECT sha256 FROM photos WHERE what = 'rubbing'")
mv "$WORK/yard/photos/${rot:0:2}/$rot.jpg" "$WORK/rot-away.jpg"
run "$SY" audit verify
check_contains "a missing file named" "$err" "photo 2 of V2026-000001 (rubbing) is missing"
check_contains "with what to do" "$err" "scrapyard-photos folder beside a backup"
run "$SY" photo list V2026-000001
expect_rc "list says so too" 1
run "$SY" doc dismantling V2026-000001 --output "$WORK/dism2.pdf"
expect_rc "the record still prints" 0
check_contains "with the file missing said in place of its picture" "$(pdftotext -layout "$WORK/dism2.pdf" - 2>/dev/null)" "File missing or changed"
# a row edited to match a changed file: the trail still has the first hash
cp "$WORK/rot-away.jpg" "$WORK/yard/photos/${rot:0:2}/$rot.jpg"
q "UPDATE photos SET sha256 = '$(sha256sum "$WORK/yard/photos/${sha:0:2}/$sha.jpg" | cut -d' ' -f1)' WHERE id = 1"
run "$SY" audit verify
check_contains "a row edited to match is found by the trail" "$err" "photo 1 of V2026-000001: its record was changed"

# --- restore brings the files back
q "UPDATE photos SET sha256 = '$sha' WHERE id = 1"
rm -f "$WORK/yard/photos/${sha:0:2}/$sha.jpg"
backup=$(ls "$WORK"/stick/scrapyard-*.backup | tail -1)
run "$SY" --json restore "$backup"
expect_rc "restore" 0
check "the missing photo brought back" test "$(js .photos.copied)" = 1
run "$SY" audit verify
expect_rc "whole again" 0
check_contains "says the photos match" "$out" "4 photos match their hashes"
finish
