# bash completion for scrapyard: the program answers from its own command
# tables (commands, subcommands, options, their values) and, for stock and
# certificate numbers, from the database (scrapyard __complete).
_scrapyard()
{
	local cur=${COMP_WORDS[COMP_CWORD]} line
	local -a found=()
	COMPREPLY=()
	while IFS= read -r line; do
		found+=("$line")
	done < <("${COMP_WORDS[0]}" __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
	if [ "${#found[@]}" -eq 1 ] && [ "${found[0]}" = "@files" ]; then
		if declare -F _filedir >/dev/null; then
			_filedir
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return 0
	fi
	COMPREPLY=("${found[@]}")
	return 0
}
complete -F _scrapyard scrapyard
