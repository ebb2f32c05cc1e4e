"""The parts of the ``Register`` facade, one module per area of the officer's work.

Package-private: import ``Register`` (and ``CaseSummary``, ``MissingItem``,
``first_per_case``) from ``pf_register.register``. ``base`` holds what every area stands
on; each other module holds one mixin of methods, which ``pf_register.register.Register``
combines.
"""
