//! dyad-store: the embedded event database (work in progress).
