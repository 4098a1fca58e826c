"""The tables `make drill` prints (bench/drill.py), and its verdicts."""


def shorten(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def upload_row(r: dict) -> str:
    return (
        f"| {r['file']} | {r['size']:,} | {r['answer']} | {r['seconds']:.2f} "
        f"| {r['rss_mb']:.0f} | {r['growth_mb']:.0f} | {'PASS' if r['pass'] else 'FAIL'} |"
    )


def report(db: str, results: dict, seconds: int) -> list[bool]:
    """Prints the tables of one database; returns each target's outcome."""
    verdicts = []
    if "saves" in results:
        s = results["saves"]
        print(f"\n{db}: 16 staff saving projects for {seconds} s, SIGKILL of the server halfway\n")
        print(
            "| attempted | acknowledged | 5xx | refused while down | cut by the kill "
            "| timed out | other | lost | stored, unacknowledged | restart s |"
        )
        print("|" + "---|" * 10)
        print(
            f"| {s['attempted']} | {s['ack']} ({s['ack_before_kill']} before the kill) "
            f"| {s['5xx']} | {s['refused']} | {s['cut']} | {s['timeout']} | {s['other']} "
            f"| {s['lost']} | {s['unacknowledged_stored']} | {s['down_s']:.1f} |"
        )
        verdicts += [
            _target("no 5xx answers", s["5xx"] == 0),
            _target("no lost saves", s["lost"] == 0),
        ]
    if "uploads" in results:
        print(f"\n{db}: crafted uploads to the progress import\n")
        print("| file | bytes | answer | s | worker MB | peak growth MB | target |")
        print("|" + "---|" * 7)
        for row in results["uploads"]:
            print(upload_row(row))
        passed = all(row["pass"] for row in results["uploads"])
        verdicts.append(_target("each upload: not 5xx, < 2 s, < 50 MB", passed))
    if "sign-in" in results:
        f = results["sign-in"]
        print(
            f"\n{db}: 20 random names from 203.0.113.66, 40 parallel guesses at samordnare "
            "from 203.0.113.77, then the real users from 198.51.100.7\n"
        )
        print(
            "| random names refused (of 20) | 40 parallel guesses: checked | refused | other "
            "| samordnare signs in | lasare signs in |\n|" + "---|" * 6
        )
        print(
            f"| {f['names_refused']} | {f['checked']} | {f['refused']} | {f['other']} "
            f"| {_yes(f['samordnare'])} | {_yes(f['lasare'])} |"
        )
        verdicts.append(_target("at most 5 guesses checked", f["checked"] <= 5))
        verdicts.append(_target("the real users sign in", f["samordnare"] and f["lasare"]))
    return verdicts


def _target(name: str, passed: bool) -> bool:
    print(f"{'PASS' if passed else 'FAIL'}: {name}")
    return passed


def _yes(value: bool) -> str:
    return "yes" if value else "no"
