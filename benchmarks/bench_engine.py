"""Engine throughput over 10,000 generated cases: cases/s and p50/p99 per evaluation (prints JSON).

Target (issue #2): >= 10,000 cases/s and p99 <= 1 ms on the 2-core reference machine. Figures only;
never asserted in tests.
"""

from __future__ import annotations

import json
import random
import statistics
import time

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import SEGMENTS, Case

YN = ["yes", "no", "unknown"]


def random_case(rng: random.Random) -> Case:
    lesions = [
        {
            "segment": rng.choice([*SEGMENTS, None]),
            "size_cm": rng.choice([None, round(rng.uniform(0.5, 12), 1)]),
            "count": rng.choice([None, 1, 1, 2, 3, 8]),
        }
        for _ in range(rng.randint(0, 6))
    ]
    return Case(
        age_years=rng.choice([None, rng.randint(20, 85)]),
        differentiation=rng.choice(["well", "well", "poorly", "unknown"]),
        ki67_pct=rng.choice([None, round(rng.uniform(0, 60), 1)]),
        primary_site=rng.choice(
            ["pancreas", "small_intestine", "colon", "unknown_primary", "unknown", "lung"]
        ),
        primary_resected=rng.choice(YN),
        months_since_primary_resection=rng.choice([None, rng.randint(0, 60)]),
        functional_syndrome=rng.choice(YN),
        syndrome_refractory=rng.choice(YN),
        tumour_burden_symptoms=rng.choice(YN),
        lesions=lesions or None,
        hepatic_involvement_pct=rng.choice([None, rng.randint(0, 90)]),
        flr_pct=rng.choice([None, rng.randint(10, 80)]),
        lesion_near_hilum=rng.choice(YN),
        superficial_lesion=rng.choice(YN),
        extrahepatic_disease=rng.choice(["none", "resectable", "unresectable", "unknown"]),
        sstr_imaging=rng.choice(["positive", "negative", "not_done", "unknown"]),
        fdg_pet=rng.choice(["done", "not_done", "unknown"]),
        renal_function_adequate=rng.choice(YN),
        marrow_reserve_adequate=rng.choice(YN),
        bilirubin_normal=rng.choice(YN),
        portal_vein_thrombosis=rng.choice(YN),
        hepatic_insufficiency=rng.choice(YN),
        bilioenteric_anastomosis=rng.choice(YN),
        prior_whipple=rng.choice(YN),
        fit_for_major_surgery=rng.choice(YN),
        months_stable_or_response=rng.choice([None, rng.randint(0, 36)]),
    )


def main(n: int = 10_000) -> dict[str, float]:
    rng = random.Random(20261124)
    cases = [random_case(rng) for _ in range(n)]
    for case in cases[:200]:  # warm-up
        evaluate(case)
    timings = []
    start = time.perf_counter()
    for case in cases:
        t0 = time.perf_counter()
        evaluate(case)
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    timings.sort()
    result = {
        "cases": n,
        "cases_per_s": round(n / total, 1),
        "p50_ms": round(statistics.median(timings) * 1000, 3),
        "p99_ms": round(timings[int(n * 0.99)] * 1000, 3),
        "max_ms": round(timings[-1] * 1000, 3),
        "target": ">= 10000 cases/s, p99 <= 1 ms",
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
