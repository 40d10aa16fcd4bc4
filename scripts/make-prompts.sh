#!/bin/sh
# Makes the phone prompts moot ships (packages/server/assets/prompts/en) with Debian's espeak-ng
# and sox: 8 kHz mono 16-bit WAV, what the phone gateway plays. Run it again after changing a
# text; the files are committed so a server needs neither program.
set -eu
out="$(dirname "$0")/../packages/server/assets/prompts/en"
mkdir -p "$out"
say() {
  espeak-ng -v en-us -s 150 -w "$out/$1.tmp.wav" "$2"
  sox "$out/$1.tmp.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$1.wav" norm -3
  rm "$out/$1.tmp.wav"
}
say welcome "Welcome to moot. Please enter the meeting PIN, followed by the pound key."
say wrong-pin "That PIN is not valid. Please try again."
say goodbye "Goodbye."
say too-many-attempts "Too many wrong PINs were entered from this phone. Please try again later. Goodbye."
say waiting "Please wait. A moderator will let you in."
say joined "You are now in the meeting. Press star six to mute or unmute, and star nine to raise your hand."
say denied "You were not let into the meeting. Goodbye."
say unavailable "This meeting cannot be joined by phone right now. Goodbye."
say muted "You are muted."
say unmuted "You are unmuted."
say muted-by-moderator "A moderator muted you. Press star six to unmute."
say hand-raised "Your hand is raised."
say hand-lowered "Your hand is lowered."
say recording "This meeting is being recorded."
say removed "A moderator removed you from the meeting. Goodbye."
say meeting-ended "The meeting has ended. Goodbye."
say breakout-joined "You are now in a breakout room."
say breakout-back "You are back in the main room."
