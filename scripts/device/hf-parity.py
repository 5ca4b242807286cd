#!/usr/bin/env python3
"""Check that Hugging Face transformers reproduces a `selfplay export-model --format hf` export.

Usage:
    python3 scripts/device/hf-parity.py EXPORT_DIR [--device cpu|cuda] [--tolerance X]

Needs torch and transformers (pip install torch transformers). EXPORT_DIR holds the files export-model wrote,
parity.json among them: per prompt, its token ids (BOS first), our logits at every position (the last few only
when the vocabulary is large: from `logitsFrom` on), and our greedy continuation. For each prompt this script
  1. tokenizes the prompt text with AutoTokenizer and checks it gives the same ids (prompts cut to fit the
     context are checked on the ids they kept),
  2. runs LlamaForCausalLM on the ids in float32 and takes max |our logit - transformers' logit|,
  3. decodes greedily twice, by hand (argmax with the suppressed ids masked) and with model.generate()
     (do_sample=False; generation_config.json suppresses the same ids), and checks both give our tokens.
It prints the figures and exits 0 when every prompt passes, 1 when a logit differs by more than the tolerance
(parity.json's, 1e-3 unless --tolerance says otherwise) or a tokenization or greedy continuation differs, 2 when
it cannot run (bad arguments, missing files or packages).
"""

import argparse
import json
import os
import sys


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Compare an HF export with the logits selfplay recorded.")
    parser.add_argument("export_dir", help="the directory `selfplay export-model --format hf --out DIR` wrote")
    parser.add_argument("--device", default="cpu", help="torch device: cpu (default) or cuda")
    parser.add_argument("--tolerance", type=float, default=None, help="largest |Δlogit| allowed (default: parity.json's)")
    return parser.parse_args(argv)


def cannot_run(message):
    print(f"hf-parity: {message}", file=sys.stderr)
    sys.exit(2)


def load_parity(export_dir):
    path = os.path.join(export_dir, "parity.json")
    try:
        with open(path, encoding="utf-8") as f:
            parity = json.load(f)
    except (OSError, ValueError) as error:
        cannot_run(f"cannot read {path} ({error}); write it with `selfplay export-model RUN --format hf --out DIR`")
    if not isinstance(parity, dict) or parity.get("format") != "selfplay-export-parity" or parity.get("version") != 1:
        cannot_run(f"{path} is not a selfplay parity file (format selfplay-export-parity, version 1)")
    return parity


def greedy_by_hand(torch, model, ids, max_new, suppressed, eos_id, device):
    """Argmax decoding over the full sequence each step; ties go to the lowest id, as in selfplay."""
    sequence = list(ids)
    new = []
    for _ in range(max_new):
        with torch.no_grad():
            logits = model(torch.tensor([sequence], device=device)).logits[0, -1].float()
        if suppressed:
            logits[suppressed] = float("-inf")
        token = int(torch.argmax(logits).item())
        new.append(token)
        sequence.append(token)
        if token == eos_id:
            break
    return new


def greedy_by_generate(torch, model, ids, max_new, device):
    input_ids = torch.tensor([ids], device=device)
    with torch.no_grad():
        out = model.generate(
            input_ids=input_ids,
            attention_mask=torch.ones_like(input_ids),
            do_sample=False,
            max_new_tokens=max_new,
        )
    return out[0, len(ids):].tolist()


def main(argv):
    args = parse_args(argv)
    parity = load_parity(args.export_dir)
    tolerance = args.tolerance if args.tolerance is not None else parity["tolerance"]
    try:
        import torch
        import transformers
        from transformers import AutoTokenizer, LlamaForCausalLM
    except ImportError as error:
        cannot_run(f"{error}; install them with `pip install torch transformers`")

    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = False  # TF32 would cost ~1e-3 of precision on a GPU; compare float32
    tokenizer = AutoTokenizer.from_pretrained(args.export_dir)
    # Eager attention in float32: the plainest arithmetic, so any difference is the export's, not a kernel's.
    model = LlamaForCausalLM.from_pretrained(args.export_dir, attn_implementation="eager")
    model = model.float().to(device).eval()
    suppressed = list(parity["suppressedIds"])
    eos_id = parity["eosId"]

    failures = 0
    worst = 0.0
    for index, prompt in enumerate(parity["prompts"]):
        ids = prompt["ids"]
        tokens = tokenizer(prompt["text"])["input_ids"]
        tokenizer_ok = tokens[: len(ids)] == ids if prompt["truncated"] else tokens == ids
        with torch.no_grad():
            logits = model(torch.tensor([ids], device=device)).logits[0].float().cpu()
        logits = logits[prompt["logitsFrom"]:]  # a large vocabulary records only the last positions
        ours = torch.tensor(prompt["logits"], dtype=torch.float32)
        diff = (logits - ours).abs().max().item()
        worst = max(worst, diff)
        expected = prompt["greedy"]["ids"]
        max_new = prompt["greedy"]["maxNewTokens"]
        by_hand = greedy_by_hand(torch, model, ids, max_new, suppressed, eos_id, device)
        by_generate = greedy_by_generate(torch, model, ids, max_new, device)
        ok = tokenizer_ok and diff <= tolerance and by_hand == expected and by_generate == expected
        failures += 0 if ok else 1
        print(
            f"prompt {index}: {len(ids)} ids, max |Δlogit| {diff:.2e}, "
            f"tokenizer {'ok' if tokenizer_ok else 'DIFFERS'}, "
            f"greedy by hand {'ok' if by_hand == expected else 'DIFFERS'}, "
            f"generate() {'ok' if by_generate == expected else 'DIFFERS'}"
            f"  {json.dumps(prompt['greedy']['text'])}"
        )
        if not tokenizer_ok:
            print(f"  tokenizer gave {tokens}, selfplay {ids}")
        if by_hand != expected or by_generate != expected:
            print(f"  selfplay {expected}\n  by hand  {by_hand}\n  generate {by_generate}")

    print(
        f"max |Δlogit| over {len(parity['prompts'])} prompts: {worst:.2e} (tolerance {tolerance:g}) "
        f"on {device}, torch {torch.__version__}, transformers {transformers.__version__}"
    )
    print("PASS" if failures == 0 else f"FAIL: {failures} prompt(s) differ")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
