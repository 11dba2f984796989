"""
What an upload costs: checking and cleaning a photo, then making its
renditions, for a 12-megapixel phone photo and one at the 40-megapixel limit.

The photos are made here (noise over a gradient, so they compress like real
photos rather than flat colour) with GPS EXIF. Files go to a throwaway
folder. Prints the seconds for each step (median of --runs), the upload's
size and each rendition's size in kB.

    .venv/bin/python bench/pictures.py [--runs 3]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="solidarity-bench-")

import django  # noqa: E402

django.setup()

from django.core.files.storage import default_storage  # noqa: E402
from PIL import Image  # noqa: E402

from solidarity import images, renditions  # noqa: E402
from tests import pictures  # noqa: E402


def photo(width, height):
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 12)
    image = Image.merge("RGB", (gradient, noise, Image.blend(gradient, noise, 0.5)))
    with_gps = Image.open(io.BytesIO(pictures.phone_photo(orientation=1)))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90, exif=with_gps.getexif())
    return output.getvalue()


def timed(function, runs):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    for label, size in (("12 MP", (4000, 3000)), ("40 MP", (7300, 5475))):
        data = photo(*size)
        clean_seconds, cleaned = timed(
            lambda data=data: images.clean_picture(pictures.upload(data)), runs
        )
        stored = pictures.save_picture(data)
        generate_seconds, _ = timed(
            lambda stored=stored: renditions.generate(stored), runs
        )
        made = sorted(
            default_storage.size(name)
            for name in [
                f"{renditions.directory(stored.name)}/{file}"
                for file in default_storage.listdir(renditions.directory(stored.name))[
                    1
                ]
            ]
        )
        print(
            f"{label} {size[0]}x{size[1]}: upload {len(data) / 1e6:.1f} MB, "
            f"clean copy {cleaned.size / 1e6:.1f} MB; check+clean "
            f"{clean_seconds:.2f} s, renditions {generate_seconds:.2f} s; "
            f"renditions {', '.join(f'{size / 1000:.0f}' for size in made)} kB"
        )


if __name__ == "__main__":
    main()
