# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for dimmguard(1) and dimmguard-gui(1). packaging/man/check-help.py keeps the
# lists below in step with --help.

_dimmguard_options() {
    case "$1" in
        "") echo "--help --version --color" ;;
        decode) echo "--json --help" ;;
        scan) echo "--bus --all --bench --replay --slot --json --save --trace --help" ;;
        verify) echo "--bus --all --bench --replay --slot --label --labels --lot --context --event --data-dir --json --junit --no-record --strict --policy --smbios --help" ;;
        adapters) echo "--json --no-probe --help" ;;
        doctor) echo "--json --data-dir --help" ;;
        "spd synth") echo "--spec --type --module --capacity --ranks --width --dies --3ds --speed --ecc --maker --dram-maker --part --serial --date --location --revision --hub-vendor --pmic-vendor --rcd-vendor --ts-vendor --xmp --no-thermal-sensor --output --help" ;;
        "bundle keygen") echo "--out --force --help" ;;
        "bundle build") echo "--role --out --spd --csv --help" ;;
        "bundle sign") echo "--key --version --expires --created --out --threads --help" ;;
        "bundle verify") echo "--trust --data-dir --help" ;;
        "bundle trust") echo "--root-key --root --publisher --version --expires --created --threshold --out --help" ;;
        "registry init") echo "--root-key --threshold --force --data-dir --help" ;;
        "registry trust"|"registry adopt") echo "--data-dir --help" ;;
        "registry import") echo "--quiet --data-dir --help" ;;
        "registry status") echo "--json --data-dir --help" ;;
        "log verify") echo "--data-dir --json --help" ;;
        "log export") echo "--data-dir --output --since --help" ;;
        "log import"|"log witness") echo "--data-dir --help" ;;
        "log checkpoint") echo "--data-dir --output --help" ;;
        "log show") echo "--data-dir --identity --limit --json --help" ;;
        "log record") echo "--data-dir --identity --event --customer --context --part-number --fingerprint --verdict --json --help" ;;
        "log dispose") echo "--data-dir --identity --action --reason --operator --qa-key --supplier --ticket --json --help" ;;
        "log site") echo "--data-dir --json --help" ;;
        "evidence export") echo "--inspection --spd --out --data-dir --help" ;;
        "evidence verify") echo "--root-key --threshold --help" ;;
        *) echo "--help" ;;
    esac
}

_dimmguard_subcommands() {
    case "$1" in
        "") echo "decode scan verify adapters doctor spd bundle registry log evidence" ;;
        spd) echo "synth" ;;
        bundle) echo "keygen build sign verify trust" ;;
        registry) echo "init trust import adopt status" ;;
        log) echo "verify export import checkpoint witness show record dispose site" ;;
        evidence) echo "export verify" ;;
    esac
}

_dimmguard() {
    local cur prev words cword
    if declare -F _init_completion > /dev/null; then
        _init_completion -n = || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    # The command path so far: "", "verify", "bundle sign" ...
    local path="" i word
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        [[ $word == -* ]] && continue
        local subs
        subs=$(_dimmguard_subcommands "$path")
        [[ -z $subs ]] && break
        if [[ " $subs " == *" $word "* ]]; then
            path=${path:+$path }$word
        fi
    done

    case "$prev" in
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        --role) mapfile -t COMPREPLY < <(compgen -W "parts serials revocations" -- "$cur"); return ;;
        --event) mapfile -t COMPREPLY < <(compgen -W "intake bench burn-in ship return move" -- "$cur"); return ;;
        --action) mapfile -t COMPREPLY < <(compgen -W "quarantine release rma scrap" -- "$cur"); return ;;
        --type) mapfile -t COMPREPLY < <(compgen -W "ddr4 ddr5" -- "$cur"); return ;;
        --module) mapfile -t COMPREPLY < <(compgen -W "RDIMM UDIMM SODIMM LRDIMM CUDIMM CSODIMM" -- "$cur"); return ;;
        --width) mapfile -t COMPREPLY < <(compgen -W "x4 x8 x16" -- "$cur"); return ;;
        --ecc) mapfile -t COMPREPLY < <(compgen -W "on off" -- "$cur"); return ;;
        --verdict) mapfile -t COMPREPLY < <(compgen -W "genuine suspect counterfeit unknown" -- "$cur"); return ;;
        --bus)
            local nodes=(/dev/i2c-*)
            [[ -e ${nodes[0]} ]] && mapfile -t COMPREPLY < <(compgen -W "${nodes[*]#/dev/i2c-}" -- "$cur")
            return ;;
        --data-dir|--save)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
        --bench|--replay|--labels|--policy|--smbios|--junit|--trace|--spec|--key|--qa-key|--trust|--root-key|--root|--spd|--csv|--out|-o|--output)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --slot|--label|--lot|--context|--identity|--limit|--since|--reason|--operator|--supplier|--ticket|--customer|--part-number|--fingerprint|--inspection|--version|--expires|--created|--threshold|--threads|--capacity|--ranks|--dies|--speed|--maker|--dram-maker|--part|--serial|--date|--location|--revision|--hub-vendor|--pmic-vendor|--rcd-vendor|--ts-vendor|--xmp|--publisher)
            return ;;
    esac

    if [[ $cur == --color=* ]]; then
        mapfile -t COMPREPLY < <(compgen -P "--color=" -W "auto always never" -- "${cur#--color=}")
        return
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_dimmguard_options "$path")" -- "$cur")
        return
    fi
    local subs
    subs=$(_dimmguard_subcommands "$path")
    if [[ -n $subs ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
        return
    fi
    # Positional arguments are files: dumps, bundles, trust documents, evidence files.
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
} && complete -F _dimmguard dimmguard

_dimmguard_gui() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    case "$prev" in
        --bench) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        --data-dir|--screenshots) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
        --lang) mapfile -t COMPREPLY < <(compgen -W "en zh_CN" -- "$cur"); return ;;
        --bus|--lot) return ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "--bench --bus --all --data-dir --lang --lot --screenshots --kiosk --help --version" -- "$cur")
} && complete -F _dimmguard_gui dimmguard-gui
