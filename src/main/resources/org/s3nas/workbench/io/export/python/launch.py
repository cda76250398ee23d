#!/usr/bin/env python3
"""torchrun, for PyTorch 1.13 on Python 3.11 (Debian 12's python3-torch), where torchrun itself fails before starting a
worker ("'NoneType' object has no attribute 'get'": its --redirects/--tee parser finds no Std member for 0 because
Python 3.11 no longer iterates over IntFlag aliases). Same arguments as torchrun:

    python3 launch.py --standalone --nproc_per_node=2 search.py [search options]

With any other PyTorch or Python, plain torchrun works and this file is not needed.
"""
import re
import sys

from torch.distributed.elastic.multiprocessing import api


def _from_str(cls, vm):
    if re.match(api._VALUE_REGEX, vm):
        return cls(int(vm))
    if re.match(api._MAPPING_REGEX, vm):
        return {int(i): cls(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
    raise ValueError("%s does not match: %s or %s" % (vm, api._VALUE_REGEX, api._MAPPING_REGEX))


api.Std.from_str = classmethod(_from_str)

if __name__ == "__main__":
    from torch.distributed.run import main

    sys.exit(main())
