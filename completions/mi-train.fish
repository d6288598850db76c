function __mi-train_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-train_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __mi-train_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mi-train_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __mi-train_parse_tokens -S
    set -l unparsed_tokens (__mi-train_tokens -pc)
    switch $unparsed_tokens[1]
    case 'mi-train'
        __mi-train_parse_subcommand 0 'o/output=' 'plot=' 'curve=' 'resume' 'force' 'init=' 'loss=' 'max-dim=' 'embed-hidden=' 'width=' 'heads=' 'sab-layers=' 'isab-layers=' 'inducing-points=' 'pool-seeds=' 'decoder-layers=' 'head-hidden=' 'head-layers=' 'normalize=' 'summary' 'no-summary' 'max-rows=' 'data=' 'families=' 'n=' 'd=' 'size-scale=' 'mc-samples=' 'max-mi=' 'independent-dims' 'no-independent-dims' 'steps=' 'batch=' 'lr=' 'min-lr=' 'warmup=' 'schedule=' 'weight-decay=' 'clip=' 'eval-every=' 'checkpoint-every=' 'eval-repeats=' 'time-budget=' 'recalibrate=' 'calibration-families=' 'threads=' 'seed=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __mi-train_parse_subcommand -r 1 'version'
        end
    end
end

function __mi-train_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __mi-train_parse_subcommand -S -a positional_count
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

function __mi-train_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __mi-train_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__mi-train_tokens -p)
    if test -z "$(__mi-train_tokens -t)"
        set -l index (count (__mi-train_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'mi-train' -f
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" o output' -s 'o' -l 'output' -d 'Checkpoint file (.tar) to write, and to continue with --resume.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" plot' -l 'plot' -d 'Draw the training curve (loss and evaluation MSE by step, log scale) as SVG into this file, redrawn at every row of this run.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" curve' -l 'curve' -d 'With --plot: draw this finished curve (mi-train\'s standard output saved to a file) instead of training; no -o.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" resume' -l 'resume' -d 'Continue the run saved in the -o checkpoint.'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" force' -l 'force' -d 'Replace an existing -o file with a new run (without it, an existing checkpoint is kept and the run refused).'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" init' -l 'init' -d 'Start from the weights of this checkpoint: each part of the model (embedding, encoder, pooling, head, ...) whose tensors all match in name and shape; e.g. a point model\'s encoder for a quantile model.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" loss' -l 'loss' -d 'mse (a point model) or pinball (a quantile model, tau ~ U(0,1) per data set).' -rfka 'mse pinball'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" max-dim' -l 'max-dim' -d 'Largest dx and dy the model takes.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" embed-hidden' -l 'embed-hidden' -d 'Hidden width of the row embedding.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" width' -l 'width' -d 'Token width of the attention blocks.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" heads' -l 'heads' -d 'Attention heads (divides --width).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" sab-layers' -l 'sab-layers' -d 'Full self-attention blocks over the rows (O(n^2)).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" isab-layers' -l 'isab-layers' -d 'ISAB encoder layers.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" inducing-points' -l 'inducing-points' -d 'Inducing points per ISAB.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" pool-seeds' -l 'pool-seeds' -d 'Seeds of the first pooling.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" decoder-layers' -l 'decoder-layers' -d 'Self-attention blocks over the pooled seeds.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" head-hidden' -l 'head-hidden' -d 'Hidden width of the head.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" head-layers' -l 'head-layers' -d 'Hidden layers of the head.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" normalize' -l 'normalize' -d 'Input normalisation per coordinate: rank (normal scores of ranks), standardize or none.' -rfka 'rank standardize none'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" summary' -l 'summary' -d 'Give the head log(1 + GC) and log n, and make its point (median) output a correction to GC, the Gaussian-copula MI of the normalised data (the default).'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" no-summary' -l 'no-summary' -d 'The plain MIST head: the pooled encoding alone, no GC or log n.'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" max-rows' -l 'max-rows' -d 'At inference, larger data sets are cut into parts of at most this many rows whose estimates are averaged.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" data' -l 'data' -d 'Train on the data sets (with true_mi) of this record stream or .tar bundle, cycling, instead of drawing them.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" families' -l 'families' -d 'Comma-separated families base-structure-transform; mist stands for MIST\'s 16, extended for those and six with spiral and swiss-roll maps, broad for those and mixtures, coordinate-mixing maps and independence, wide for broad and same-mean scale mixtures and mixtures strung along curves, held-out and held-out-shapes for families no training prior here contains, calibration for other combinations in no training list and neither held-out list (for mi-train --calibration-families). Each data set\'s family is drawn uniformly from the list, so a family listed twice is drawn twice as often.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" n' -l 'n' -d 'Range of the sample size n.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" d' -l 'd' -d 'Range of the dimension of X and of Y.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" size-scale' -l 'size-scale' -d 'How n and d are drawn in their ranges: uniform, or log (log-uniform: small sizes as often as large ones).' -rfka 'uniform log'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" mc-samples' -l 'mc-samples' -d 'Monte Carlo draws for the true MI of the mix families.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" max-mi' -l 'max-mi' -d 'Redraw data sets whose true MI is above this many nats.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" independent-dims' -l 'independent-dims' -d 'Draw dx and dy independently (the default here).'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" no-independent-dims' -l 'no-independent-dims' -d 'Draw one dimension for both X and Y (dx = dy, as MIST\'s meta-distribution).'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" steps' -l 'steps' -d 'Optimizer steps in all (a resumed run counts the steps already taken).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" batch' -l 'batch' -d 'Data sets per step.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" lr' -l 'lr' -d 'Peak learning rate of AdamW.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" min-lr' -l 'min-lr' -d 'Final learning rate of the cosine schedule.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" warmup' -l 'warmup' -d 'Linear warm-up steps.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" schedule' -l 'schedule' -d 'cosine (warm-up, then cosine to --min-lr at --steps) or constant (after warm-up).' -rfka 'cosine constant'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" weight-decay' -l 'weight-decay' -d 'AdamW decoupled weight decay (matrices only).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" clip' -l 'clip' -d 'Clip the global gradient norm to this value (0: no clipping).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" eval-every' -l 'eval-every' -d 'Evaluate and print a row every this many steps.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" checkpoint-every' -l 'checkpoint-every' -d 'Write the checkpoint every this many steps.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" eval-repeats' -l 'eval-repeats' -d 'Data sets per cell of the evaluation grids.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" time-budget' -l 'time-budget' -d 'Stop cleanly (with a checkpoint) after this many seconds of this run.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" recalibrate' -l 'recalibrate' -d 'Quantile models: at the end, recalibrate the levels on this many held-out data sets (0: no): one map over all of them, and one per range of n and dx + dy that holds 200 or more.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" calibration-families' -l 'calibration-families' -d 'Quantile models: draw the --recalibrate data sets from these families (the list syntax of --families; default: the training families), e.g. calibration, combinations the model did not train on, so that the intervals also cover its error on data unlike its training.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" threads' -l 'threads' -d 'Worker threads (data generation and data-parallel gradients).' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" seed' -l 'seed' -d 'Random seed (initialisation, data, levels). Drawn and recorded when omitted.' -rfka ''
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" version' -l 'version' -d 'Show the version.'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_positional "mi-train" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'mi-train' -n '__mi-train_should_offer_completions_for_flags_or_options "mi-train help" version' -l 'version' -d 'Show the version.'
