function __mi-sample_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-sample_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __mi-sample_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-sample_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __mi-sample_parse_tokens -S
    set -l unparsed_tokens (__mi-sample_tokens -pc)
    switch $unparsed_tokens[1]
    case 'mi-sample'
        __mi-sample_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'gauss'
            __mi-sample_parse_subcommand 0 'd=' 'dx=' 'dy=' 'structure=' 'rho=' 'pairs=' 'strength=' 'alpha=' 'beta=' 'lambda=' 'eta=' 'epsilon=' 'mi=' 'transform=+' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'student'
            __mi-sample_parse_subcommand 0 'd=' 'dx=' 'dy=' 'structure=' 'rho=' 'pairs=' 'strength=' 'alpha=' 'beta=' 'lambda=' 'eta=' 'epsilon=' 'dof=' 'mi=' 'transform=+' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'additive'
            __mi-sample_parse_subcommand 0 'd=' 'eps=' 'mi=' 'transform=+' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'cmi'
            __mi-sample_parse_subcommand 0 'd=' 'dx=' 'dy=' 'dz=' 'structure=' 'a=' 'rho=' 'mi=' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'var'
            __mi-sample_parse_subcommand 0 'a=' 'b=' 'c=' 'd=' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'mixed'
            __mi-sample_parse_subcommand 0 'levels=' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'categorical'
            __mi-sample_parse_subcommand 0 'levels=' 'eps=' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'bmi'
            __mi-sample_parse_subcommand 1 'transform=+' 'n=' 'seed=' 'format=' 'name=' 'o/output=' 'version' 'h/help'
        case 'meta'
            __mi-sample_parse_subcommand 0 'count=' 'start=' 'families=' 'n=' 'd=' 'independent-dims' 'size-scale=' 'mc-samples=' 'max-mi=' 'rho=' 'strength=' 'dof=' 'eps=' 'alpha=' 'lambda=' 'beta=' 'eta=' 'seed=' 'format=' 'o/output=' 'shard-size=' 'version' 'h/help'
        case 'derive'
            __mi-sample_parse_subcommand -r 2 'dx=' 'dy=' 'x=' 'y=' 'delimiter=' 'input-format=' 'seed=' 'format=' 'o/output=' 'version' 'h/help'
        case 'list'
            __mi-sample_parse_subcommand 0 'skip-mixtures' 'version' 'h/help'
        case 'help'
            __mi-sample_parse_subcommand -r 1 'version'
        end
    end
end

function __mi-sample_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __mi-sample_parse_subcommand -S -a positional_count
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

function __mi-sample_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __mi-sample_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__mi-sample_tokens -p)
    if test -z "$(__mi-sample_tokens -t)"
        set -l index (count (__mi-sample_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'mi-sample' -f
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'gauss' -d 'Multivariate normal (dense, sparse or latent-variable structure)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'student' -d 'Multivariate Student t (dispersion from the gauss structures)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'additive' -d 'X ~ U(0,1), Y = X + U(-eps, eps) per coordinate'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'cmi' -d 'Gaussian (X, Y, Z) with exact conditional MI I(X; Y | Z) (fork, collider or chain)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'var' -d 'Bivariate Gaussian VAR(1) time series with exact transfer entropy in each direction'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'mixed' -d 'Discrete X uniform on m values, Y | X ~ U(X, X + 2): exact MI log m - (m-1)/m log 2'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'categorical' -d 'Categorical X uniform on k values, Y = X or (with probability eps) another value: exact MI'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'bmi' -d 'A task of the BMI benchmark, under BMI\'s task id (see `mi-sample list`)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'meta' -d 'A stream of labelled data sets from the MIST meta-distribution'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'derive' -d 'Derive self-consistency data sets from any stream or table (independence, processing, additivity)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'list' -d 'List every family and BMI task with its dimensions and true MI (TSV)'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" d' -s 'd' -d 'Dimension of both X and Y.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" dx' -l 'dx' -d 'Dimension of X (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" dy' -l 'dy' -d 'Dimension of Y (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" structure' -l 'structure' -d 'dense (equicorrelated), sparse (interacting pairs) or lvm (latent-variable model). Inferred from the other options when omitted.' -rfka 'dense sparse lvm'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" rho' -l 'rho' -d 'dense: correlation between every pair of coordinates (default 0.5).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" pairs' -l 'pairs' -d 'sparse/lvm: number of interacting (X_i, Y_i) pairs (default: 2, at most min(dx, dy)).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" strength' -l 'strength' -d 'sparse: strength lambda of each pair; correlation lambda^2/(1+lambda^2) (default 2).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" alpha' -l 'alpha' -d 'lvm: weight alpha of the latent shared by all coordinates (default 0).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" beta' -l 'beta' -d 'lvm: weight beta of the latent shared within X and within Y (default 0).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" lambda' -l 'lambda' -d 'lvm: weight lambda of each pair\'s latent (default 1).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" eta' -l 'eta' -d 'lvm: weight eta of the noise of non-interacting coordinates (default lambda).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" epsilon' -l 'epsilon' -d 'lvm: weight eps of every coordinate\'s own noise (default 1).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" mi' -l 'mi' -d 'Target mutual information in nats: solve for the strength parameter.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss"' -l 'transform' -d 'Injective maps applied in order, comma-separated: half-cube, asinh, wiggly, normal-cdf, spiral[:SPEED], swissroll, bimodal, rescale. Prefix x: or y: to act on one variable.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample gauss" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" d' -s 'd' -d 'Dimension of both X and Y.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" dx' -l 'dx' -d 'Dimension of X (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" dy' -l 'dy' -d 'Dimension of Y (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" structure' -l 'structure' -d 'dense (equicorrelated), sparse (interacting pairs) or lvm (latent-variable model). Inferred from the other options when omitted.' -rfka 'dense sparse lvm'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" rho' -l 'rho' -d 'dense: correlation between every pair of coordinates (default 0.5).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" pairs' -l 'pairs' -d 'sparse/lvm: number of interacting (X_i, Y_i) pairs (default: 2, at most min(dx, dy)).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" strength' -l 'strength' -d 'sparse: strength lambda of each pair; correlation lambda^2/(1+lambda^2) (default 2).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" alpha' -l 'alpha' -d 'lvm: weight alpha of the latent shared by all coordinates (default 0).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" beta' -l 'beta' -d 'lvm: weight beta of the latent shared within X and within Y (default 0).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" lambda' -l 'lambda' -d 'lvm: weight lambda of each pair\'s latent (default 1).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" eta' -l 'eta' -d 'lvm: weight eta of the noise of non-interacting coordinates (default lambda).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" epsilon' -l 'epsilon' -d 'lvm: weight eps of every coordinate\'s own noise (default 1).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" dof' -l 'dof' -d 'Degrees of freedom nu > 0.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" mi' -l 'mi' -d 'Target mutual information in nats: solve for the strength parameter.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student"' -l 'transform' -d 'Injective maps applied in order, comma-separated: half-cube, asinh, wiggly, normal-cdf, spiral[:SPEED], swissroll, bimodal, rescale. Prefix x: or y: to act on one variable.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample student" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" d' -s 'd' -d 'Dimension of X and Y (dx = dy).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" eps' -l 'eps' -d 'Noise half-width eps > 0.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" mi' -l 'mi' -d 'Target mutual information in nats: solve for eps.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive"' -l 'transform' -d 'Injective maps applied in order, comma-separated: half-cube, asinh, wiggly, normal-cdf, spiral[:SPEED], swissroll, bimodal, rescale. Prefix x: or y: to act on one variable.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample additive" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" d' -s 'd' -d 'Dimension of both X and Y.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" dx' -l 'dx' -d 'Dimension of X (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" dy' -l 'dy' -d 'Dimension of Y (overrides -d).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" dz' -l 'dz' -d 'Dimension of Z, the variable conditioned on.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" structure' -l 'structure' -d 'fork (Z drives X and Y), collider (X and Y drive Z) or chain (X drives Z drives Y).' -rfka 'fork collider chain'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" a' -l 'a' -d 'Strength of Z\'s link to X and Y.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" rho' -l 'rho' -d 'Correlation of each X–Y coordinate pair besides Z\'s paths, in [0, 1).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" mi' -l 'mi' -d 'Target I(X; Y | Z) in nats: solve for --rho.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample cmi" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" a' -l 'a' -d 'X\'s own coefficient.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" b' -l 'b' -d 'Y\'s own coefficient.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" c' -l 'c' -d 'Coupling X -> Y (X_{t-1}\'s coefficient in Y_t).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" d' -l 'd' -d 'Coupling Y -> X (Y_{t-1}\'s coefficient in X_t).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample var" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" levels' -l 'levels' -d 'Number of values of X (m >= 2).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample mixed" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" levels' -l 'levels' -d 'Number of categories k >= 2.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" eps' -l 'eps' -d 'Probability that Y differs from X, in [0, 1].' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample categorical" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi"' -l 'transform' -d 'Injective maps applied in order, comma-separated: half-cube, asinh, wiggly, normal-cdf, spiral[:SPEED], swissroll, bimodal, rescale. Prefix x: or y: to act on one variable.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" n' -s 'n' -d 'Number of samples (rows) per data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" seed' -l 'seed' -d 'Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" name' -l 'name' -d 'Data set name written to the metadata line (default: derived from the family).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample bmi" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" count' -l 'count' -d 'Number of data sets (default: endless).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" start' -l 'start' -d 'Index of the first data set.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" families' -l 'families' -d 'Comma-separated families base-structure-transform; mist stands for MIST\'s 16, extended for those and six with spiral and swiss-roll maps, broad for those and mixtures, coordinate-mixing maps and independence, wide for broad and same-mean scale mixtures and mixtures strung along curves, held-out and held-out-shapes for families no training prior here contains, calibration for other combinations in no training list and neither held-out list (for mi-train --calibration-families). Each data set\'s family is drawn uniformly from the list, so a family listed twice is drawn twice as often. Default: mist.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" n' -l 'n' -d 'Range of the sample size n.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" d' -l 'd' -d 'Range of the dimension d.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" independent-dims' -l 'independent-dims' -d 'Draw dx and dy independently (MIST has dx = dy).'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" size-scale' -l 'size-scale' -d 'How n and d are drawn in their ranges: uniform, or log (log-uniform: small sizes as often as large ones).' -rfka 'uniform log'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" mc-samples' -l 'mc-samples' -d 'Monte Carlo draws for the true MI of the mix families.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" max-mi' -l 'max-mi' -d 'Redraw data sets whose true MI is above this many nats.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" rho' -l 'rho' -d 'dense: range of rho.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" strength' -l 'strength' -d 'sparse/2pair: range of the strength lambda.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" dof' -l 'dof' -d 'student: range of nu.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" eps' -l 'eps' -d 'additive: range of eps per coordinate.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" alpha' -l 'alpha' -d 'lvm: range of alpha.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" lambda' -l 'lambda' -d 'lvm: range of lambda.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" beta' -l 'beta' -d 'lvm: range of beta.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" eta' -l 'eta' -d 'lvm: range of eta.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" seed' -l 'seed' -d 'Random seed. Drawn and recorded when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" format' -l 'format' -d 'Output format: tsv or bin.' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" o output' -l 'output' -s 'o' -d 'Write a tar bundle of binary shards to this file instead of a stream on stdout.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" shard-size' -l 'shard-size' -d 'Data sets per shard in a bundle.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample meta" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_positional "mi-sample derive" -eq 1' -fka 'independence processing additivity'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" dx' -l 'dx' -d 'Plain data: the first N columns are X, the rest Y (or the next --dy columns).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" dy' -l 'dy' -d 'Plain data: the number of Y columns after X (default: all the rest).' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" x' -l 'x' -d 'Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" y' -l 'y' -d 'Plain data: Y columns, cut-style.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" delimiter' -l 'delimiter' -d 'Plain data: field delimiter (default: detected: tab, comma or spaces). Use \'tab\' or \'space\' for those.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" input-format' -l 'input-format' -d 'Force the input format (tsv or bin) instead of detecting it.' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" seed' -l 'seed' -d 'Random seed of the shuffles; the same seed gives the same bytes. Drawn (and recorded) when omitted.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" format' -l 'format' -d 'Output format: tsv (text) or bin (float32 frames).' -rfka 'tsv bin'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of standard output.' -rfka ''
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample derive" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample list" skip-mixtures' -l 'skip-mixtures' -d 'Leave the true MI of the mixture tasks empty instead of computing it by Monte Carlo (a few seconds).'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample list" version' -l 'version' -d 'Show the version.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-sample' -n '__mi-sample_should_offer_completions_for_flags_or_options "mi-sample help" version' -l 'version' -d 'Show the version.'
