"""Write the sample files the content modules' EXAMPLES publish: ``python sample_files.py DIR``.

The examples read them from ``files/`` next to the playbook (``files/sales.twbx``, ...), so
test_examples.py gives its ``files/`` folder as DIR; the reliability tests give a scratch directory.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "emulator", "test"))

import samples  # noqa: E402  pylint: disable=wrong-import-position


def main(directory):
    samples.write_twbx(os.path.join(directory, "sales.twbx"), extract_bytes=4096,
                       worksheets=("Sales by Region", "Sales by Month", "Scratch"), dashboards=("Overview",))
    samples.write_tdsx(os.path.join(directory, "orders.tdsx"))
    samples.write_random(os.path.join(directory, "events.hyper"), 64 * 1024)
    samples.write_random(os.path.join(directory, "events-new-rows.hyper"), 16 * 1024)
    samples.write_tflx(os.path.join(directory, "cleanup.tflx"), name="Cleanup")


if __name__ == "__main__":
    main(sys.argv[1])
