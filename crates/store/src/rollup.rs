//! The dyad-by-day rollups, kept exact in the transaction that changes events:
//!
//! * `dyad_day` (format 2): one row per (source, target, day) cell with its events, mentions
//!   and Goldstein sum: the values of the grouped scan of `events`.
//! * `dyad_month` (format 3): the same cells, one row per (source, target, month) holding the
//!   month's cells packed in a blob. The dyad-by-day aggregate reads this one: a 10M-event
//!   store has ~9M cells but ~2M dyad-months, and SQLite's cost is per row.
//!
//! Cell blob format: cells in day order, each `day of month` (one byte, 1..=31; 0 only in
//! month 0, the unknown day), `events` and `mentions` (unsigned LEB128), Goldstein sum (f64,
//! little-endian): 11 bytes for a typical cell, at most 31 cells per blob.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};

use crate::error::{InternalError, Result};
use crate::query::{AggRef, Day, EventFilter};
use crate::Store;

/// (source code, target code, day) cells touched in a transaction.
pub(crate) type Cells = BTreeSet<(String, String, i64)>;

/// One cell's values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cell {
    /// Day of the month (0 for the unknown day).
    pub dom: u8,
    pub events: i64,
    pub mentions: i64,
    pub goldstein: f64,
}

fn corrupt(what: &str) -> InternalError {
    InternalError::corrupt(format!("dyad_month: {what}"))
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Packs cells (in day order) into a blob.
pub(crate) fn encode(cells: &[Cell]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cells.len() * 11);
    for c in cells {
        out.push(c.dom);
        put_varint(&mut out, c.events.max(0) as u64);
        put_varint(&mut out, c.mentions.max(0) as u64);
        out.extend_from_slice(&c.goldstein.to_le_bytes());
    }
    out
}

/// Unpacks a blob, calling `each` for every cell in order.
pub(crate) fn decode<E: From<InternalError>>(
    blob: &[u8],
    mut each: impl FnMut(Cell) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut pos = 0;
    while pos < blob.len() {
        let dom = blob[pos];
        pos += 1;
        let events = get_varint(blob, &mut pos).ok_or_else(|| corrupt("truncated cell"))?;
        let mentions = get_varint(blob, &mut pos).ok_or_else(|| corrupt("truncated cell"))?;
        let g = blob
            .get(pos..pos + 8)
            .ok_or_else(|| corrupt("truncated cell"))?;
        pos += 8;
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(g);
        each(Cell {
            dom,
            events: i64::try_from(events).map_err(|_| corrupt("count out of range"))?,
            mentions: i64::try_from(mentions).map_err(|_| corrupt("count out of range"))?,
            goldstein: f64::from_le_bytes(bytes),
        })?;
    }
    Ok(())
}

/// Recomputes the rollup rows of `cells` from `events` with the aggregate of the scan (same
/// covering index, same order of summation), so both rollups stay exactly equal to it: the
/// `dyad_day` row of each cell, then the `dyad_month` blob of each month they fall in. A cell left without events is
/// deleted, and so is a month left without cells. (Writers are always at the current format.)
pub(crate) fn refresh(tx: &Transaction<'_>, cells: &Cells) -> Result<()> {
    if cells.is_empty() {
        return Ok(());
    }
    let mut agg = tx.prepare_cached(
        "SELECT count(*), sum(num_mentions), total(goldstein) FROM events \
         WHERE source_code = ?1 AND target_code = ?2 AND day = ?3",
    )?;
    let mut upsert = tx.prepare_cached(
        "INSERT OR REPLACE INTO dyad_day (source_code, target_code, day, events, mentions, \
         goldstein) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut del = tx.prepare_cached(
        "DELETE FROM dyad_day WHERE source_code = ?1 AND target_code = ?2 AND day = ?3",
    )?;
    /// (source, target, month).
    type MonthKey<'a> = (&'a str, &'a str, i64);
    /// The new value of each touched day of a month (`None`: the cell is gone).
    type DayUpdates = Vec<(u8, Option<Cell>)>;
    let mut changed: BTreeMap<MonthKey<'_>, DayUpdates> = BTreeMap::new();
    for (s, t, d) in cells {
        let (events, mentions, goldstein): (i64, Option<i64>, f64) =
            agg.query_row(params![s, t, d], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let dom = (d % 100) as u8;
        let cell = if events == 0 {
            del.execute(params![s, t, d])?;
            None
        } else {
            let mentions = mentions.unwrap_or(0);
            upsert.execute(params![s, t, d, events, mentions, goldstein])?;
            Some(Cell {
                dom,
                events,
                mentions,
                goldstein,
            })
        };
        changed
            .entry((s.as_str(), t.as_str(), d / 100))
            .or_default()
            .push((dom, cell));
    }
    let mut read = tx.prepare_cached(
        "SELECT cells FROM dyad_month WHERE source_code = ?1 AND target_code = ?2 AND month = ?3",
    )?;
    let mut write = tx.prepare_cached(
        "INSERT OR REPLACE INTO dyad_month (source_code, target_code, month, cells) \
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut drop_month = tx.prepare_cached(
        "DELETE FROM dyad_month WHERE source_code = ?1 AND target_code = ?2 AND month = ?3",
    )?;
    let mut month_cells: Vec<Cell> = Vec::with_capacity(31);
    for ((s, t, m), updates) in &changed {
        month_cells.clear();
        let blob: Option<Vec<u8>> = read.query_row(params![s, t, m], |r| r.get(0)).optional()?;
        if let Some(b) = &blob {
            decode::<crate::error::Error>(b, |c| {
                month_cells.push(c);
                Ok(())
            })?;
        }
        for (dom, new) in updates {
            month_cells.retain(|c| c.dom != *dom);
            if let Some(c) = new {
                month_cells.push(*c);
            }
        }
        month_cells.sort_by_key(|c| c.dom);
        if month_cells.is_empty() {
            drop_month.execute(params![s, t, m])?;
        } else {
            write.execute(params![s, t, m, encode(&month_cells)])?;
        }
    }
    Ok(())
}

/// Fills `dyad_month` from `dyad_day` (the migration to format 3).
pub(crate) fn build_months(tx: &Transaction<'_>) -> Result<()> {
    let mut read = tx.prepare(
        "SELECT source_code, target_code, day, events, mentions, goldstein FROM dyad_day \
         ORDER BY source_code, target_code, day",
    )?;
    let mut write = tx.prepare(
        "INSERT INTO dyad_month (source_code, target_code, month, cells) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut rows = read.query([])?;
    let mut key: Option<(String, String, i64)> = None;
    let mut cells: Vec<Cell> = Vec::with_capacity(31);
    let mut flush = |key: &Option<(String, String, i64)>, cells: &mut Vec<Cell>| -> Result<()> {
        if let (Some((s, t, m)), false) = (key, cells.is_empty()) {
            write.execute(params![s, t, m, encode(cells)])?;
        }
        cells.clear();
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let s = r.get_ref(0)?.as_str()?;
        let t = r.get_ref(1)?.as_str()?;
        let day: i64 = r.get(2)?;
        let same = matches!(&key, Some((ks, kt, km)) if ks == s && kt == t && *km == day / 100);
        if !same {
            flush(&key, &mut cells)?;
            key = Some((s.to_string(), t.to_string(), day / 100));
        }
        cells.push(Cell {
            dom: (day % 100) as u8,
            events: r.get(3)?,
            mentions: r.get(4)?,
            goldstein: r.get(5)?,
        });
    }
    flush(&key, &mut cells)?;
    Ok(())
}

impl Store {
    /// The dyad-by-day aggregate from `dyad_month` (format 3 on; `f.rollup_ok()` checked by the
    /// caller): the rows of the scan of `events`, in its order (source, target, day), handed to
    /// `each` as they are unpacked. Actor filters are SQL on the month rows; `--from`/`--to`
    /// select months in SQL and days here; `--limit` stops the reading.
    pub(crate) fn dyad_months<F>(&self, f: &EventFilter, mut each: F) -> Result<usize>
    where
        F: FnMut(&AggRef<'_>) -> std::io::Result<()>,
    {
        let (mut w, mut p) = f.actor_sql()?;
        let (from, to) = f.day_range()?;
        if let Some(d) = from {
            w.push_str(" AND e.month >= ?");
            p.push(i64::from(d / 100).into());
        }
        if let Some(d) = to {
            w.push_str(" AND e.month <= ?");
            p.push(i64::from(d / 100).into());
        }
        let sql = format!(
            "SELECT e.source_code, e.target_code, e.month, e.cells FROM dyad_month e \
             WHERE {w} ORDER BY e.source_code, e.target_code, e.month"
        );
        let limit = f.limit.unwrap_or(usize::MAX);
        let mut n = 0usize;
        if limit == 0 {
            return Ok(0);
        }
        let mut st = self.conn().prepare(&sql)?;
        let mut rows = st.query(params_from_iter(p))?;
        /// Why the unpacking stopped early: the limit is reached, or an error.
        enum Stop {
            Enough,
            Err(crate::error::Error),
        }
        impl From<InternalError> for Stop {
            fn from(e: InternalError) -> Stop {
                Stop::Err(e.into())
            }
        }
        while let Some(r) = rows.next()? {
            let source = r.get_ref(0)?.as_str()?;
            let target = r.get_ref(1)?.as_str()?;
            let month: i64 = r.get(2)?;
            let blob = r.get_ref(3)?.as_blob()?;
            let base = u32::try_from(month * 100).map_err(|_| corrupt("month out of range"))?;
            let res = decode::<Stop>(blob, |c| {
                let day = base + u32::from(c.dom);
                if from.is_some_and(|d| day < d) || to.is_some_and(|d| day > d) {
                    return Ok(());
                }
                each(&AggRef {
                    source: Some(source),
                    target: Some(target),
                    actor: None,
                    day: Some(Day(day)),
                    events: c.events,
                    mentions: c.mentions,
                    goldstein: c.goldstein,
                })
                .map_err(|e| Stop::Err(e.into()))?;
                n += 1;
                if n == limit {
                    return Err(Stop::Enough);
                }
                Ok(())
            });
            match res {
                Ok(()) => {}
                Err(Stop::Enough) => return Ok(n),
                Err(Stop::Err(e)) => return Err(e),
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip() {
        let cells = [
            Cell {
                dom: 0,
                events: 1,
                mentions: 1,
                goldstein: -0.1,
            },
            Cell {
                dom: 7,
                events: 300,
                mentions: 1 << 40,
                goldstein: 0.1 + 0.2,
            },
            Cell {
                dom: 31,
                events: i64::MAX,
                mentions: 127,
                goldstein: f64::MIN_POSITIVE,
            },
        ];
        let blob = encode(&cells);
        // 1-byte counts below 128: 1 + 1 + 1 + 8 bytes.
        assert_eq!(encode(&cells[..1]).len(), 11);
        let mut back = Vec::new();
        decode::<crate::error::Error>(&blob, |c| {
            back.push(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(back, cells);
        assert_eq!(back[1].goldstein.to_bits(), (0.1f64 + 0.2).to_bits());
        // A cut blob is reported as damage, not read as garbage.
        for cut in [1, 2, 5, blob.len() - 1] {
            let r = decode::<crate::error::Error>(&blob[..cut], |_| Ok(()));
            assert!(
                r.as_ref()
                    .is_err_and(|e| e.to_string().contains("database damaged")),
                "{cut}: {r:?}"
            );
        }
    }
}
