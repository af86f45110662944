//! napi entry points. Conversion only: the work is in `git_authorship_core`.
