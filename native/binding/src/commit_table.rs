//! [`CommitTable`] as JavaScript receives it: the distinct commits of a `blameFiles` batch as a
//! few strings and typed arrays, from which `src/engine/native/batch.ts` builds the objects. As a
//! JSON text for V8 to parse, handing the generated benchmark repository's answer over took 65 ms
//! instead of 42 (`bench/addon-ab.mjs --all`); napi setting each property was slower still.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use git_authorship_core::blame::CommitTable;

/// See [`CommitTable`]'s fields.
#[napi(object)]
pub struct JsCommitTable {
    pub ids: String,
    pub strings: Vec<String>,
    pub people: Uint32Array,
    pub times: Float64Array,
    pub summaries: String,
    pub summary_start: Uint32Array,
    pub boundary: Uint8Array,
}

impl From<CommitTable> for JsCommitTable {
    fn from(t: CommitTable) -> Self {
        JsCommitTable {
            ids: t.ids,
            strings: t.strings.into_items(),
            people: Uint32Array::new(t.people),
            times: Float64Array::new(t.times),
            summaries: t.summaries,
            summary_start: Uint32Array::new(t.summary_start),
            boundary: Uint8Array::new(t.boundary),
        }
    }
}
