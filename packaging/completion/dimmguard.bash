# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for dimmguard(1) and dimmguard-gui(1).
# Installed as /usr/share/bash-completion/completions/dimmguard (and .../dimmguard-gui).
# packaging/man/check-help.py checks that the commands and options below are those of
# `dimmguard ... --help`: update both together.

# COMPREPLY: the words of $1 that start with $2 (no subshell: completion stays fast).
_dimmguard_words() {
    local - word
    set -o noglob
    COMPREPLY=()
    for word in $1; do
        [[ $word == "$2"* ]] && COMPREPLY+=("$word")
    done
}

# COMPREPLY: files matching a pattern (e.g. '*.json'), and directories to descend into.
_dimmguard_files() {
    local cur=$1 pattern=$2 dirs
    if [[ -n $pattern ]]; then
        mapfile -t COMPREPLY < <(compgen -f -X "!$pattern" -- "$cur")
        mapfile -t dirs < <(compgen -d -- "$cur")
        COMPREPLY+=("${dirs[@]}")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    compopt -o filenames 2> /dev/null
}

# Subcommands of a command path ("" = the top level), in REPLY.
_dimmguard_subcommands() {
    REPLY=""
    case $1 in
        "") REPLY="decode scan verify adapters doctor spd bundle registry log evidence sync fleet" ;;
        spd) REPLY="synth" ;;
        bundle) REPLY="keygen build sign verify trust" ;;
        registry) REPLY="init trust import adopt status" ;;
        log) REPLY="verify export import checkpoint witness show alerts record dispose site" ;;
        evidence) REPLY="export verify" ;;
        fleet) REPLY="init add-station stations" ;;
    esac
}

# Options of a command path, as its --help lists them, in REPLY (--help and --color are global:
# accepted after every command).
_dimmguard_options() {
    REPLY=""
    case $1 in
        "") REPLY="--help --version --color" ;;
        decode) REPLY="--json" ;;
        scan) REPLY="--bus --all --bench --replay --slot --json --save --trace" ;;
        verify) REPLY="--bus --all --bench --replay --slot --label --labels --lot --context --event --data-dir --json --junit --no-record --strict --policy --smbios --server --offline" ;;
        adapters) REPLY="--json --no-probe" ;;
        doctor) REPLY="--json --data-dir" ;;
        "spd synth") REPLY="--spec --type --module --capacity --ranks --width --dies --3ds --speed --ecc --maker --dram-maker --part --serial --date --location --revision --hub-vendor --pmic-vendor --rcd-vendor --ts-vendor --xmp --no-thermal-sensor -o --output" ;;
        "bundle keygen") REPLY="-o --out --force" ;;
        "bundle build") REPLY="--role -o --out --spd --csv" ;;
        "bundle sign") REPLY="--key --version --expires --created -o --out --threads" ;;
        "bundle verify") REPLY="--trust --data-dir" ;;
        "bundle trust") REPLY="--root-key --root --publisher --version --expires --created --threshold -o --out" ;;
        "registry init") REPLY="--root-key --threshold --force --data-dir" ;;
        "registry trust") REPLY="--data-dir" ;;
        "registry import") REPLY="-q --quiet --data-dir" ;;
        "registry adopt") REPLY="--data-dir" ;;
        "registry status") REPLY="--json --data-dir" ;;
        "log verify") REPLY="--data-dir --json" ;;
        "log export") REPLY="--data-dir -o --output --since" ;;
        "log import") REPLY="--data-dir" ;;
        "log checkpoint") REPLY="--data-dir -o --output" ;;
        "log witness") REPLY="--data-dir" ;;
        "log show") REPLY="--data-dir --identity --limit --json" ;;
        "log alerts") REPLY="--data-dir --since --recheck --json" ;;
        "log record") REPLY="--data-dir --identity --event --customer --context --part-number --fingerprint --verdict --json" ;;
        "log dispose") REPLY="--data-dir --identity --action --reason --operator --qa-key --supplier --ticket --json" ;;
        "log site") REPLY="--data-dir --json" ;;
        "evidence export") REPLY="--inspection --spd -o --out --data-dir" ;;
        "evidence verify") REPLY="--root-key --threshold" ;;
        sync) REPLY="--server --lookup-server --timeout --data-dir --watch --status --json" ;;
        "fleet init") REPLY="--server --timeout" ;;
        "fleet add-station") REPLY="--server --timeout --login --station-pub --public-key" ;;
        "fleet stations") REPLY="--server --timeout --json" ;;
    esac
}

# Whether the positional arguments of a command path are files.
_dimmguard_takes_files() {
    case $1 in
        decode | verify | "bundle sign" | "bundle verify" | "registry trust" | "registry import" | \
            "log import" | "log witness" | "evidence verify") return 0 ;;
    esac
    return 1
}

# Options that take a value (the next word, or after '=').
_dimmguard_takes_value() {
    case $1 in
        --color | --bus | --bench | --replay | --slot | --save | --trace | --label | --labels | --lot | \
            --context | --event | --data-dir | --junit | --policy | --smbios | --spec | --type | --module | \
            --capacity | --ranks | --width | --dies | --speed | --ecc | --maker | --dram-maker | --part | \
            --serial | --date | --location | --revision | --hub-vendor | --pmic-vendor | --rcd-vendor | \
            --ts-vendor | --xmp | -o | --output | --out | --role | --spd | --csv | --key | --version | \
            --expires | --created | --threads | --trust | --root-key | --root | --publisher | --threshold | \
            --since | --identity | --limit | --customer | --part-number | --fingerprint | --verdict | \
            --action | --reason | --operator | --qa-key | --supplier | --ticket | --inspection | --server | \
            --timeout | --watch | --login | --station-pub | --public-key | --lookup-server) return 0 ;;
    esac
    return 1
}

# COMPREPLY for the value of option $1 (path $2), completing $3.
_dimmguard_value() {
    local option=$1 path=$2 cur=$3
    case $option in
        --color) _dimmguard_words "auto always never" "$cur" ;;
        --role) _dimmguard_words "parts serials revocations" "$cur" ;;
        --event)
            if [[ $path == verify ]]; then
                _dimmguard_words "intake bench burn-in install ship return move" "$cur"
            else
                _dimmguard_words "intake bench burn-in ship return move" "$cur"
            fi ;;
        --action) _dimmguard_words "quarantine release rma scrap" "$cur" ;;
        --verdict) _dimmguard_words "genuine suspect counterfeit unknown" "$cur" ;;
        --type) _dimmguard_words "ddr4 ddr5" "$cur" ;;
        --module) _dimmguard_words "RDIMM UDIMM SO-DIMM SODIMM LRDIMM CUDIMM CSODIMM" "$cur" ;;
        --width) _dimmguard_words "x4 x8 x16" "$cur" ;;
        --ecc) _dimmguard_words "on off" "$cur" ;;
        --bus)
            local node buses=()
            for node in /dev/i2c-[0-9]*; do
                [[ -e $node ]] && buses+=("${node#/dev/i2c-}")
            done
            _dimmguard_words "${buses[*]}" "$cur" ;;
        --data-dir | --save) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2> /dev/null ;;
        --bench | --spec | --policy) _dimmguard_files "$cur" '*.json' ;;
        --labels | --csv) _dimmguard_files "$cur" '*.csv' ;;
        --replay | --trace | --smbios | --junit | --spd | --key | --qa-key | --trust | --root-key | --root | \
            -o | --output | --out)
            _dimmguard_files "$cur" ;;
        *) COMPREPLY=() ;;   # free text: a label, a lot, a time, a number ...
    esac
}

_dimmguard() {
    local cur prev words cword
    if declare -F _init_completion > /dev/null; then
        _init_completion -n = || return
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]}
        prev=${words[cword - 1]}
        # Without bash-completion, "--color=al" arrives as three words: --color = al.
        if [[ $cur == = ]]; then
            cur=""
        elif [[ $prev == = ]] && ((cword >= 2)); then
            prev=${words[cword - 2]}
        fi
    fi

    # The command path so far ("", "verify", "bundle sign" ...), skipping options and their values.
    local path="" i word subs
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        if [[ $word == -* ]]; then
            [[ $word != *=* ]] && _dimmguard_takes_value "$word" && ((i++))
            continue
        fi
        _dimmguard_subcommands "$path"
        subs=$REPLY
        [[ -z $subs ]] && break
        [[ " $subs " == *" $word "* ]] && path=${path:+$path }$word
    done

    if [[ $cur == --*=* ]]; then
        local option=${cur%%=*}
        _dimmguard_value "$option" "$path" "${cur#*=}"
        return
    fi
    if [[ $prev == -* ]] && _dimmguard_takes_value "$prev"; then
        _dimmguard_value "$prev" "$path" "$cur"
        return
    fi

    if [[ $cur == -* ]]; then
        local options
        _dimmguard_options "$path"
        options=$REPLY
        [[ -n $path ]] && options+=" --help --color"
        _dimmguard_words "$options" "$cur"
        return
    fi
    _dimmguard_subcommands "$path"
    subs=$REPLY
    if [[ -n $subs ]]; then
        _dimmguard_words "$subs" "$cur"
    elif _dimmguard_takes_files "$path"; then
        _dimmguard_files "$cur"
    else
        _dimmguard_options "$path"; _dimmguard_words "$REPLY --help --color" "$cur"
    fi
} && complete -F _dimmguard dimmguard

_dimmguard_gui() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
        --bench) _dimmguard_files "$cur" '*.json'; return ;;
        --data-dir | --screenshots) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2> /dev/null; return ;;
        --lang) _dimmguard_words "en zh_CN" "$cur"; return ;;
        --bus) _dimmguard_value --bus "" "$cur"; return ;;
        --lot) return ;;
    esac
    _dimmguard_words "--bench --bus --all --data-dir --lang --lot --screenshots --kiosk --help --version" "$cur"
} && complete -F _dimmguard_gui dimmguard-gui
