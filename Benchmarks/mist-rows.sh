# Sourced by the MIST benchmarks (mist-heldout.sh, mist-summaries.sh).
# rows FILE METHOD COMMAND...: "set family n dx dy method mi true_mi q05 q25 q75 q95" of COMMAND on FILE.
rows() {
  local file=$1 label=$2 set; shift 2
  set=$(basename "$file"); set=${set%%.*}
  # A tool exits 1 when it refused some data sets (their rows have no mi): the rows still count.
  { "$@" "$file" 2>/dev/null || true; } | awk -F'\t' -v S="$set" -v L="$label" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    {
      fam = $c["name"]
      if (match($c["meta"], /(^| )family=[^ ]*/)) { fam = substr($c["meta"], RSTART, RLENGTH); sub(/.*family=/, "", fam) }
      if (fam == "bmi" && match($c["meta"], /(^| )task=[^ ]*/)) { fam = substr($c["meta"], RSTART, RLENGTH); sub(/.*task=/, "", fam) }
      q = ("q0.25" in c) ? $c["q0.05"] "\t" $c["q0.25"] "\t" $c["q0.75"] "\t" $c["q0.95"] : "\t\t\t"
      print S "\t" fam "\t" $c["n"] "\t" $c["dx"] "\t" $c["dy"] "\t" L "\t" $c["mi"] "\t" $c["true_mi"] "\t" q
    }'
}
