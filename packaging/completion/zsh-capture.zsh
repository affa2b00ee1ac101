#!/usr/bin/env zsh
# SPDX-License-Identifier: GPL-3.0-or-later
# A manual check of the zsh completion as zsh really runs it (not installed, not a ctest: it
# takes about half a second per line). For each command line, press TAB in an interactive zsh
# that has COMPLETION_DIR first in its fpath, and print every candidate zsh offers:
#
#   zsh packaging/completion/zsh-capture.zsh packaging/completion 'dimmguard bundle ' 'dimmguard verify --ev'
#
# prints "### dimmguard bundle ", then keygen, build, sign ... one per line. Like
# zsh-capture-completion: a zsh in a pseudo terminal (zsh/zpty) whose compadd also prints.
zmodload zsh/zpty || exit 2
local compdir=${1:?usage: zsh-capture.zsh COMPLETION_DIR 'command line' ...}
shift

zpty capture zsh -f -i

# Read from the shell until SENTINEL appears (at most ~4 s); the text read is left in REPLY.
__read_until() {
  local out all="" i
  for i in {1..200}; do
    if zpty -r -t capture out; then all+=$out; else sleep 0.02; fi
    [[ $all == *$1* ]] && break
  done
  REPLY=$all
}

zpty -w capture "PROMPT='> ' RPROMPT=''; fpath=(${(q)compdir:A} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w capture 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits; local __h
  builtin compadd -A __hits "$@"
  for __h in $__hits; do print -r -- "<<$IPREFIX$__h>>"; done
  builtin compadd "$@"
}'
zpty -w capture "zstyle ':completion:*' insert-tab false; LISTMAX=100000; bindkey '^I' complete-word"
# The quotes keep the echoed command line from matching its own sentinel.
zpty -w capture "print -r -- __RE''ADY__"
__read_until __READY__

local line rest
for line in "$@"; do
  print -r -- "### $line"
  zpty -w -n capture "$line"$'\t'
  sleep 0.3
  zpty -w -n capture $'\C-e\C-u'      # end of line, kill it
  zpty -w capture "print -r -- __DO''NE__"
  __read_until __DONE__
  rest=$REPLY
  while [[ $rest == *'<<'*'>>'* ]]; do
    rest=${rest#*<<}
    print -r -- ${rest%%>>*}
    rest=${rest#*>>}
  done
done
zpty -d capture
