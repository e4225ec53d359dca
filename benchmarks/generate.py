"""Generate a realistic library of N candidates for benchmarks and scale tests.

    python benchmarks/generate.py /tmp/lib10k 10000

Files are 40–120 lines like real ones: interviews, a rejection, notes as a block
scalar, 0–20 touchpoints, a few comments. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

FIRST = ["Ada", "Grace", "Alan", "Zoë", "José", "Søren", "Ayşe", "Mai", "Łukasz", "Priya", "Kwame", "Yuki",
         "Elena", "Rafael", "Ingrid", "Samuel", "Chloé", "Tomáš", "Fatima", "Lars", "Olivia", "Ravi", "Mei",
         "Aoife", "Daniel", "Hannah", "Marcus", "Beatriz", "Théo", "Nadia", "Omar", "Wen", "Jonas", "Lucía"]
LAST = ["Lovelace", "Hopper", "Turing", "Ångström", "Martínez", "Kierkegaard", "Yılmaz", "Nguyen", "Wiśniewski",
        "Raghunathan", "Mensah", "Tanaka", "Petrova", "Souza", "Berg", "Adeyemi", "Dubois", "Novák", "Al-Sayed",
        "Andersen", "Brooks", "Menon", "Chen", "Brennan", "Cohen", "Schmidt", "Whitfield", "Oliveira", "Lefèvre"]
SKILLS = ["python", "spark", "sql", "airflow", "postgresql", "kubernetes", "terraform", "go", "rust", "react",
          "typescript", "figma", "kafka", "dbt", "aws", "gcp", "java", "scala", "docker", "user-research"]
INTERESTS = ["rowing", "sourdough", "chess", "marathons", "social-media trends", "birdwatching", "climbing",
             "jazz piano", "board games", "pottery", "open-source maintainer", "cycling", "photography"]
ROLES = ["Data Engineer", "Senior Backend Engineer", "Product Designer", "Platform Engineer", "Engineering Manager"]
STAGES = ["screen", "phone", "onsite", "final", "offer"]
KINDS = ["call", "email", "linkedin", "endorsement", "congrats", "article", "coffee", "meeting", "newsletter",
         "career-update", "note"]
TEAM = ["Grace Hopper", "Ken Thompson", "Barbara Liskov", "Dennis Ritchie"]
WORDS = ("strong systems thinking calm under pressure asked great questions about our data platform "
         "mentors juniors shipped a migration led an incident review wants more ownership").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def candidate_yaml(rng: random.Random, name: str) -> str:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
    lines = [f"# {name}: runner-up for {rng.choice(ROLES)}" if rng.random() < 0.3 else None,
             f"name: {name}", f"headline: {rng.choice(ROLES)} at Company {rng.randrange(500)}",
             f"location: City {rng.randrange(80)}", "contact:",
             f"  email: person{rng.randrange(10**6)}@example.com",
             f"  linkedin: https://www.linkedin.com/in/p{rng.randrange(10**6)}", "interviews:"]
    lines += [f"  - role: {rng.choice(ROLES)}", f"    date: {start}", f"    stage: {rng.choice(STAGES)}",
              f"    interviewers: [{rng.choice(TEAM)}, {rng.choice(TEAM)}]",
              f"    impression: {_sentence(rng, 10)}"]
    rejection = start + dt.timedelta(days=rng.randrange(1, 6))
    lines += ["rejection:", f"  date: {rejection}", f"  channel: {rng.choice(['call', 'email', 'video'])}",
              f"  reason: {_sentence(rng, 8)}", "  newsletter_invited: true"]
    lines += [f"fit: {rng.choices(['pursue', 'newsletter', 'closed', 'hired'], [70, 20, 8, 2])[0]}",
              f"rating: {rng.randrange(1, 6)}  # after the debrief",
              f"skills: [{', '.join(rng.sample(SKILLS, rng.randrange(2, 7)))}]", "interests:"]
    lines += [f"  - {i}" for i in rng.sample(INTERESTS, rng.randrange(1, 4))]
    lines += [f"owner: {rng.choice(TEAM)}", "notes: |"]
    lines += [f"  {_sentence(rng, 12)}" for _ in range(rng.randrange(1, 5))]
    count = rng.randrange(0, 21)
    if count:
        lines.append("history:")
        day = rejection
        for i in range(count):
            day += dt.timedelta(days=rng.randrange(10, 60))
            lines += [f"  - id: t-{rng.randrange(16**8):08x}", f"    date: {day}",
                      f"    kind: {rng.choice(KINDS)}", f"    by: {rng.choice(TEAM)}",
                      f"    summary: {_sentence(rng, 9)}"]
    return "\n".join(line for line in lines if line is not None) + "\n"


def generate_library(root: Path, n: int, seed: int = 0, git: bool = True) -> Path:
    """Write ``n`` candidates (and runnerup.yaml) under ``root``; commit them when ``git``."""
    rng = random.Random(seed)
    (root / "candidates").mkdir(parents=True, exist_ok=True)
    (root / "openings").mkdir(exist_ok=True)
    (root / "runnerup.yaml").write_text("name: Generated\ncadence_days: {pursue: 60}\n", encoding="utf-8")
    (root / "openings" / "data-engineer.yaml").write_text(
        "title: Data Engineer\nskills: [python, spark]\nnice_to_have: [airflow]\n", encoding="utf-8")
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        (root / "candidates" / f"c{i:05d}.yaml").write_text(candidate_yaml(rng, name), encoding="utf-8")
    if git:
        env_git = ["git", "-C", str(root)]
        subprocess.run([*env_git, "init", "-q"], check=True)
        subprocess.run([*env_git, "config", "user.name", "Bench Mark"], check=True)
        subprocess.run([*env_git, "config", "user.email", "bench@example.com"], check=True)
        subprocess.run([*env_git, "add", "-A"], check=True)
        subprocess.run([*env_git, "commit", "-qm", "Generated library"], check=True)
    return root


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    generate_library(target, size)
    print(f"{size} candidates in {target}")
