"""The composure binary a helper script runs, shared by Scripts/replay-runs and Scripts/label-agreement."""
import os, subprocess


def binary_and_args(argv):
    """Takes `--composure PATH` out of `argv` and returns (binary, the other arguments).

    Without `--composure`, the binary is this clone's own debug build, built first if need be (as
    `swift test` builds it).
    """
    args = list(argv)
    if "--composure" in args:
        i = args.index("--composure")
        if i + 1 >= len(args):
            raise SystemExit("--composure needs the path of a composure binary")
        binary = args[i + 1]
        del args[i:i + 2]
        return binary, args
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    subprocess.run(["swift", "build", "--product", "composure"], cwd=root, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()
    return os.path.join(path, "composure"), args
