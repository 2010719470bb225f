#!/usr/bin/env python3
"""Writes www/data/tables/{iris,wine,breast_cancer,digits}.csv from scikit-learn's wheel.

The wheel's CSV files start with a line `n_samples,n_features,class names` instead of
column names, and the target is a class index; this writes a plain CSV with a header
(the column names of sklearn/datasets/_base.py) and the class names as text, so the
playground's CSV reader takes the files as they are.

    pip download scikit-learn --no-deps -d /tmp/sk
    python3 scripts/tables-from-sklearn.py /tmp/sk/scikit_learn-*.whl
"""
import ast, csv, gzip, io, sys, zipfile

wheel = zipfile.ZipFile(sys.argv[1])
out = sys.argv[2] if len(sys.argv) > 2 else "www/data/tables"
base = ast.parse(wheel.read("sklearn/datasets/_base.py").decode())

def feature_names(function):
    """The list literal assigned to `feature_names` in `function` of _base.py."""
    for node in ast.walk(base):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for stmt in ast.walk(node):
                if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "feature_names":
                    value = stmt.value
                    if isinstance(value, ast.Call):  # np.array([...])
                        value = value.args[0]
                    return ast.literal_eval(value)
    raise SystemExit(f"no feature_names in {function}")

def write(name, header, rows):
    with open(f"{out}/{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

for name, data, function, target in [
    ("iris", "iris.csv", "load_iris", "species"),
    ("wine", "wine_data.csv", "load_wine", "cultivar"),
    ("breast_cancer", "breast_cancer.csv", "load_breast_cancer", "diagnosis"),
]:
    lines = list(csv.reader(io.StringIO(wheel.read(f"sklearn/datasets/data/{data}").decode())))
    classes = lines[0][2:]
    names = feature_names(function)
    rows = [r[:-1] + [classes[int(r[-1])]] for r in lines[1:]]
    assert all(len(r) == len(names) + 1 for r in rows)
    write(name, names + [target], rows)

digits = list(csv.reader(io.StringIO(gzip.decompress(wheel.read("sklearn/datasets/data/digits.csv.gz")).decode())))
names = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
write("digits", names + ["digit"], [[str(int(float(v))) for v in r] for r in digits])
