function __mi-quantiles_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-quantiles_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __mi-quantiles_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-quantiles_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __mi-quantiles_parse_tokens -S
    set -l unparsed_tokens (__mi-quantiles_tokens -pc)
    switch $unparsed_tokens[1]
    case 'mi-quantiles'
        __mi-quantiles_parse_subcommand -r 1 'method=' 'k=' 'variant=' 'norm=' 'bins=' 'kernel=' 'model=' 'train-seed=' 'critic-steps=' 'critic-batch=' 'critic-lr=' 'critic-patience=' 'critic-hidden=' 'smile-tau=' 'minde-steps=' 'minde-batch=' 'minde-lr=' 'minde-passes=' 'minde-patience=' 'minde-sigma=' 'dx=' 'dy=' 'x=' 'y=' 'delimiter=' 'input-format=' 'z=' 'dz=' 'discrete=' 'lag=' 'te' 'source-history=' 'target-history=' 'bootstrap=' 'q=' 'permutations=' 'permutation-neighbors=' 'seed=' 'calibrate' 'plot=' 'format=' 'bits' 'no-header' 'threads=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __mi-quantiles_parse_subcommand -r 1 'version'
        end
    end
end

function __mi-quantiles_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __mi-quantiles_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __mi-quantiles_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __mi-quantiles_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__mi-quantiles_tokens -p)
    if test -z "$(__mi-quantiles_tokens -t)"
        set -l index (count (__mi-quantiles_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'mi-quantiles' -f
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" method' -l 'method' -d 'Estimators to run, comma-separated: mist, ksg, ksg-mixed, discrete, ross, cca, gc, hist, kde, mienf, mienf-gauss, minde-c, minde-j, minde-c-sigma, minde-j-sigma, mine, infonce, nwj, dv, smile (default: mist, the learned quantile model).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" k' -s 'k' -d 'ksg: neighbours k, or a comma-separated list whose estimates are averaged (BMI\'s ensemble).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" variant' -l 'variant' -d 'ksg: 1 (Kraskov et al.\'s first estimator, BMI\'s) or 2 (the second).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" norm' -l 'norm' -d 'ksg: the norm within X and within Y: euclidean (BMI\'s) or max (the original KSG); the joint distance is the larger of the two.' -rfka 'euclidean max'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" bins' -l 'bins' -d 'hist: equal-width bins per dimension.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" kernel' -l 'kernel' -d 'kde: the kernel, tophat or gaussian (Scott\'s bandwidth on standardized columns).' -rfka 'tophat gaussian'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" model' -l 'model' -d 'mist: the model checkpoint (a .tar written by mi-train) instead of the built-in one.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" train-seed' -l 'train-seed' -d 'mienf, minde-*, mine, infonce, nwj, dv, smile: the seed of their training (initialisation, split, batches).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" critic-steps' -l 'critic-steps' -d 'mine, infonce, nwj, dv, smile: most training steps (early stopping on the held-out half may end sooner).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" critic-batch' -l 'critic-batch' -d 'mine, infonce, nwj, dv, smile: batch size (at most the rows of each half; InfoNCE\'s estimate is at most its log).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" critic-lr' -l 'critic-lr' -d 'mine, infonce, nwj, dv, smile: Adam\'s learning rate (default: 0.1, BMI\'s; mine and nwj 0.01).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" critic-patience' -l 'critic-patience' -d 'mine, infonce, nwj, dv, smile: held-out evaluations (every 250 steps) without a better bound before training stops (BMI\'s: 2).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" critic-hidden' -l 'critic-hidden' -d 'mine, infonce, nwj, dv, smile: the critic MLP\'s hidden widths, comma-separated.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" smile-tau' -l 'smile-tau' -d 'smile: the clip tau of exp(T).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-steps' -l 'minde-steps' -d 'minde-*: most training steps of the score network (early stopping on the held-out loss may end sooner).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-batch' -l 'minde-batch' -d 'minde-*: batch size (default: the reference\'s, 128 when dx <= 5, else 256; at most the training rows).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-lr' -l 'minde-lr' -d 'minde-*: Adam\'s learning rate (default: 1e-3 when dx <= 5, else 2e-3).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-passes' -l 'minde-passes' -d 'minde-*: Monte-Carlo passes over the held-out rows (a time and a noise draw per row each).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-patience' -l 'minde-patience' -d 'minde-*: held-out evaluations (every 500 steps) without a better loss before training stops; 0 trains all --minde-steps.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" minde-sigma' -l 'minde-sigma' -d 'minde-*-sigma and the entropies: the standard deviation of the Gaussian reference (columns are standardized).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" dx' -l 'dx' -d 'Plain data: the first N columns are X, the rest Y (or the next --dy columns).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" dy' -l 'dy' -d 'Plain data: the number of Y columns after X (default: all the rest).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" x' -l 'x' -d 'Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" y' -l 'y' -d 'Plain data: Y columns, cut-style.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" delimiter' -l 'delimiter' -d 'Plain data: field delimiter (default: detected: tab, comma or spaces). Use \'tab\' or \'space\' for those.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" input-format' -l 'input-format' -d 'Force the input format (tsv or bin) instead of detecting it.' -rfka 'tsv bin'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" z' -l 'z' -d 'Plain data: Z columns, conditioned on (I(X; Y | Z)), cut-style like --x.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" dz' -l 'dz' -d 'Plain data: the last N columns are Z, conditioned on (X and Y come from the others).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" discrete' -l 'discrete' -d 'Plain data: these columns (cut-style, like --x) are discrete: each distinct text, \'red\' or \'3\', is a category. Give the table a header line. A column whose first value is text (beginning with a letter) is read so without it, and said on stderr.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" lag' -l 'lag' -d 'Rows are times: estimate I(X_{t-lag}; Y_t) for each lag of this list (e.g. 0-20, or -5,0,5; negative: Y leads), or with --te the source lags.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" te' -l 'te' -d 'Rows are times: transfer entropy both ways, TE(X -> Y) = I(Y_t; X_{t-lag...} | Y_{t-1...t-k}) and TE(Y -> X), by a conditional-MI method (ksg by default), at each --lag (default 1).'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" source-history' -l 'source-history' -d 'With --te: steps of X\'s past used, from t-lag back.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" target-history' -l 'target-history' -d 'With --te: steps of Y\'s own past conditioned on (k).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" bootstrap' -l 'bootstrap' -d 'Bootstrap replicates per data set and method (0: none).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" q' -s 'q' -d 'Quantile levels (learned, or of the bootstrap distribution), comma-separated.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" permutations' -l 'permutations' -d 'Permutation replicates per data set and method (0: none).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" permutation-neighbors' -l 'permutation-neighbors' -d 'With Z columns: each permuted row\'s X comes from one of this many nearest rows in Z (itself included).' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" seed' -l 'seed' -d 'Random seed of the replicates; drawn (and recorded as resample_seed) when omitted.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" calibrate' -l 'calibrate' -d 'Report the coverage of the bootstrap quantiles against true_mi instead of per-data-set rows.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" plot' -l 'plot' -d 'With --calibrate: also draw the reliability diagram (observed against nominal level, one line per method) as SVG into this file.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" format' -l 'format' -d 'Output format: tsv (a table with a header row) or json (JSON lines).' -rfka 'tsv json'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" bits' -l 'bits' -d 'Report mutual information in bits instead of nats.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" no-header' -l 'no-header' -d 'No header row (tsv): for tables made in pieces and joined, e.g. by GNU parallel --pipe -k.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" threads' -l 'threads' -d 'Replicates estimated at once.' -rfka ''
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" version' -l 'version' -d 'Show the version.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_positional "mi-quantiles" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'mi-quantiles' -n '__mi-quantiles_should_offer_completions_for_flags_or_options "mi-quantiles help" version' -l 'version' -d 'Show the version.'
