function __mi-flow_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-flow_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __mi-flow_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-flow_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __mi-flow_parse_tokens -S
    set -l unparsed_tokens (__mi-flow_tokens -pc)
    switch $unparsed_tokens[1]
    case 'mi-flow'
        __mi-flow_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'estimate'
            __mi-flow_parse_subcommand -r 1 'estimator=' 'couplings=' 'hidden=' 'mixing=' 'epochs=' 'batch-size=' 'lr=' 'holdout=' 'patience=' 'seed=' 'dx=' 'dy=' 'x=' 'y=' 'delimiter=' 'input-format=' 'format=' 'bits' 'no-header' 'version' 'h/help'
        case 'fit'
            __mi-flow_parse_subcommand 1 'o/output=' 'couplings=' 'hidden=' 'mixing=' 'epochs=' 'batch-size=' 'lr=' 'holdout=' 'patience=' 'seed=' 'dx=' 'dy=' 'x=' 'y=' 'delimiter=' 'input-format=' 'version' 'h/help'
        case 'apply'
            __mi-flow_parse_subcommand -r 1 'flow=' 'standardize' 'no-standardize' 'dx=' 'dy=' 'x=' 'y=' 'delimiter=' 'input-format=' 'format=' 'o/output=' 'version' 'h/help'
        case 'sample'
            __mi-flow_parse_subcommand 0 'flow=' 'n=' 'mi=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'help'
            __mi-flow_parse_subcommand -r 1 'version'
        end
    end
end

function __mi-flow_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __mi-flow_parse_subcommand -S -a positional_count
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

function __mi-flow_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __mi-flow_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__mi-flow_tokens -p)
    if test -z "$(__mi-flow_tokens -t)"
        set -l index (count (__mi-flow_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'mi-flow' -f
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow" version' -l 'version' -d 'Show the version.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_positional "mi-flow" -eq 1' -fa 'estimate' -d 'Estimate MI with normalizing flows (MIENF), one row per data set'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_positional "mi-flow" -eq 1' -fa 'fit' -d 'Fit flows to the marginals of a target data set and save them as a bundle'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_positional "mi-flow" -eq 1' -fa 'apply' -d 'Push every data set of a stream through fitted flows (Gaussian side to target)'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_positional "mi-flow" -eq 1' -fa 'sample' -d 'Draw from fitted flows'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_positional "mi-flow" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" estimator' -l 'estimator' -d 'tridiag (tridiag-N-MIENF) or gauss (N-MIENF).' -rfka 'tridiag gauss'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" couplings' -l 'couplings' -d 'Coupling blocks per flow (each: ActNorm, sinh-arcsinh, mixing, affine coupling).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" hidden' -l 'hidden' -d 'Hidden width of each coupling\'s network.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" mixing' -l 'mixing' -d 'Invertible mixing between couplings: lu (learned, LU-parametrised) or permutation.' -rfka 'lu permutation'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" epochs' -l 'epochs' -d 'Maximum epochs (default: about 3000 steps, 20 to 300 epochs, chosen from n).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" batch-size' -l 'batch-size' -d 'Minibatch size (default: n_train/8 within 64..512).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" lr' -l 'lr' -d 'AdamW learning rate.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" holdout' -l 'holdout' -d 'Fraction of rows held out for early stopping and the interval.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" patience' -l 'patience' -d 'Stop after this many epochs without a better held-out likelihood.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" seed' -l 'seed' -d 'Random seed (initialisation, split, minibatches). Drawn and recorded when omitted.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" dx' -l 'dx' -d 'Plain data: the first N columns are X, the rest Y (or the next --dy columns).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" dy' -l 'dy' -d 'Plain data: the number of Y columns after X (default: all the rest).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" x' -l 'x' -d 'Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" y' -l 'y' -d 'Plain data: Y columns, cut-style.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" delimiter' -l 'delimiter' -d 'Plain data: field delimiter (default: detected: tab, comma or spaces). Use \'tab\' or \'space\' for those.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" input-format' -l 'input-format' -d 'Force the input format (tsv or bin) instead of detecting it.' -rfka 'tsv bin'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" format' -l 'format' -d 'Output format: tsv (a table with a header row) or json (JSON lines).' -rfka 'tsv json'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" bits' -l 'bits' -d 'Report mutual information in bits instead of nats.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" no-header' -l 'no-header' -d 'No header row (tsv): for tables made in pieces and joined, e.g. by GNU parallel --pipe -k.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" version' -l 'version' -d 'Show the version.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow estimate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" o output' -l 'output' -s 'o' -d 'The flow bundle to write (atomically).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" couplings' -l 'couplings' -d 'Coupling blocks per flow (each: ActNorm, sinh-arcsinh, mixing, affine coupling).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" hidden' -l 'hidden' -d 'Hidden width of each coupling\'s network.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" mixing' -l 'mixing' -d 'Invertible mixing between couplings: lu (learned, LU-parametrised) or permutation.' -rfka 'lu permutation'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" epochs' -l 'epochs' -d 'Maximum epochs (default: about 3000 steps, 20 to 300 epochs, chosen from n).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" batch-size' -l 'batch-size' -d 'Minibatch size (default: n_train/8 within 64..512).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" lr' -l 'lr' -d 'AdamW learning rate.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" holdout' -l 'holdout' -d 'Fraction of rows held out for early stopping and the interval.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" patience' -l 'patience' -d 'Stop after this many epochs without a better held-out likelihood.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" seed' -l 'seed' -d 'Random seed (initialisation, split, minibatches). Drawn and recorded when omitted.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" dx' -l 'dx' -d 'Plain data: the first N columns are X, the rest Y (or the next --dy columns).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" dy' -l 'dy' -d 'Plain data: the number of Y columns after X (default: all the rest).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" x' -l 'x' -d 'Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" y' -l 'y' -d 'Plain data: Y columns, cut-style.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" delimiter' -l 'delimiter' -d 'Plain data: field delimiter (default: detected: tab, comma or spaces). Use \'tab\' or \'space\' for those.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" input-format' -l 'input-format' -d 'Force the input format (tsv or bin) instead of detecting it.' -rfka 'tsv bin'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" version' -l 'version' -d 'Show the version.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow fit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" flow' -l 'flow' -d 'The flow bundle written by mi-flow fit.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" standardize' -l 'standardize' -d 'Standardise each column before the flows (the default; an affine map: MI unchanged).'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" no-standardize' -l 'no-standardize' -d 'Push the values through the flows as they are.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" dx' -l 'dx' -d 'Plain data: the first N columns are X, the rest Y (or the next --dy columns).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" dy' -l 'dy' -d 'Plain data: the number of Y columns after X (default: all the rest).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" x' -l 'x' -d 'Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" y' -l 'y' -d 'Plain data: Y columns, cut-style.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" delimiter' -l 'delimiter' -d 'Plain data: field delimiter (default: detected: tab, comma or spaces). Use \'tab\' or \'space\' for those.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" input-format' -l 'input-format' -d 'Force the input format (tsv or bin) instead of detecting it.' -rfka 'tsv bin'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" format' -l 'format' -d 'Output format: tsv or bin.' -rfka 'tsv bin'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" version' -l 'version' -d 'Show the version.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow apply" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" flow' -l 'flow' -d 'The flow bundle written by mi-flow fit.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" n' -s 'n' -d 'Number of rows.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" mi' -l 'mi' -d 'Mutual information (nats) between the drawn X and Y.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" seed' -l 'seed' -d 'Random seed; drawn and recorded when omitted.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" format' -l 'format' -d 'Output format: tsv or bin.' -rfka 'tsv bin'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" name' -l 'name' -d 'Data set name (default: flow-sample).' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" version' -l 'version' -d 'Show the version.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow sample" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-flow' -n '__mi-flow_should_offer_completions_for_flags_or_options "mi-flow help" version' -l 'version' -d 'Show the version.'
