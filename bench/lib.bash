# Shared by the benchmark scripts that time whole processes.

# The median of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Microseconds around the command, from bash's own clock: $(date ...) would
# fork and exec a process inside the measured interval (about 8 ms here,
# half of a certificate).
us_of() {
	local t0=${EPOCHREALTIME//[^0-9]/} t1
	"$@" >/dev/null 2>&1
	t1=${EPOCHREALTIME//[^0-9]/}
	echo $((t1 - t0))
}
