//! Small pure helpers: dates as `YYYYMMDD` integers, CAMEO actor codes split into GDELT's
//! fields, sites from URLs, ISO 3166 alpha-3 to FIPS 10-4.

/// `YYYY-MM-DD` (or a longer TIMEX value starting with one) → `YYYYMMDD`; `None` for
/// anything less precise than a day or not a real date.
pub(crate) fn day_of(value: &str) -> Option<u32> {
    let b = value.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = value.get(r)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a `YYYYMMDD` day (proleptic Gregorian).
pub(crate) fn epoch_days(day: u32) -> i64 {
    let (y, m, d) = (
        (day / 10000) as i64,
        ((day / 100) % 100) as i64,
        (day % 100) as i64,
    );
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// `YYYYMMDD` of days since 1970-01-01.
pub(crate) fn day_from_epoch(z: i64) -> u32 {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y * 10000 + m * 100 + d) as u32
}

/// `YYYYMMDD` → `YYYY-MM-DD` (empty for 0, the unknown day).
pub(crate) fn iso_day(day: u32) -> String {
    let mut s = String::with_capacity(10);
    // Writing to a String cannot fail.
    let _ = write_iso_day(day, &mut s);
    s
}

/// Writes `YYYYMMDD` as `YYYY-MM-DD` (nothing for 0, the unknown day).
pub(crate) fn write_iso_day(day: u32, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    if day == 0 {
        return Ok(());
    }
    if day >= 100_000_000 {
        return write!(
            out,
            "{:04}-{:02}-{:02}",
            day / 10000,
            (day / 100) % 100,
            day % 100
        );
    }
    // Hot in large aggregates: digits by hand, no formatting machinery.
    let d = |x: u32| b'0' + (x % 10) as u8;
    let b = [
        d(day / 10_000_000),
        d(day / 1_000_000),
        d(day / 100_000),
        d(day / 10_000),
        b'-',
        d(day / 1000),
        d(day / 100),
        b'-',
        d(day / 10),
        d(day),
    ];
    // Ten ASCII digits and dashes.
    out.write_str(std::str::from_utf8(&b).map_err(|_| std::fmt::Error)?)
}

/// GDELT's FractionDate: `YYYY + (MONTH * 30 + DAY) / 365`, four decimals.
pub(crate) fn fraction_date(day: u32) -> f64 {
    if day == 0 {
        return 0.0;
    }
    let (y, m, d) = (day / 10000, (day / 100) % 100, day % 100);
    let f = y as f64 + ((m * 30 + d) as f64 / 365.0);
    (f * 10000.0).round() / 10000.0
}

/// Unix seconds → `YYYYMMDDHHMMSS` (UTC).
pub(crate) fn timestamp14(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}{:02}{:02}{:02}",
        day_from_epoch(days),
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// CAMEO role and type codes (3 letters) that follow a country or open an actor code.
const TYPES: &[&str] = &[
    "AGR", "BUS", "CHR", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI",
    "IGO", "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP",
    "PTY", "RAD", "REB", "REF", "REL", "SEP", "SET", "SPY", "UAF", "UIS", "YTH",
];

/// Codes that open an organisation's actor code (the last block then names it).
const ORG_TYPES: &[&str] = &["IGO", "NGO", "NGM", "MNC"];

/// A CAMEO actor code split into GDELT's actor fields.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ActorParts {
    pub country: String,
    pub known_group: String,
    pub types: Vec<String>,
}

/// Splits `USAGOV`, `IGOUNO`, `IGOEUREEC`, `RUSMILREB` into country / known group / types.
/// Three-letter blocks: a leading block that is not a type is the country (or region); after an
/// organisation type (`IGO`, `NGO`, `NGM`, `MNC`) the last non-type block is the group and any
/// before it the region; other blocks that are types fill Type1..Type3.
pub(crate) fn split_actor(code: &str) -> ActorParts {
    let blocks: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(i * 3..i * 3 + 3))
        .collect();
    let mut parts = ActorParts::default();
    let mut org = false;
    let non_types: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !TYPES.contains(b))
        .map(|(i, _)| i)
        .collect();
    for (i, b) in blocks.iter().enumerate() {
        if TYPES.contains(b) {
            if ORG_TYPES.contains(b) {
                org = true;
            }
            if parts.types.len() < 3 {
                parts.types.push((*b).to_string());
            }
        } else if i == 0 {
            parts.country = (*b).to_string();
        } else if org && Some(&i) == non_types.last() {
            parts.known_group = (*b).to_string();
        } else if org && parts.country.is_empty() {
            parts.country = (*b).to_string();
        }
    }
    parts
}

/// The country block of an actor code, if the code starts with one: the `country` of
/// [`split_actor`], without building the other parts (no allocation; run for every new event).
pub(crate) fn actor_country(code: &str) -> &str {
    // The blocks `split_actor` sees: three-byte slices that are valid `str` slices, in order.
    let blocks = || (0..code.len() / 3).filter_map(move |i| code.get(i * 3..i * 3 + 3));
    let last_non_type = blocks()
        .enumerate()
        .filter(|(_, b)| !TYPES.contains(b))
        .map(|(i, _)| i)
        .last();
    let mut org = false;
    for (i, b) in blocks().enumerate() {
        if TYPES.contains(&b) {
            org |= ORG_TYPES.contains(&b);
        } else if i == 0 {
            return b;
        } else if org && Some(i) != last_non_type {
            // The first non-type block after an organisation type that is not its name.
            return b;
        }
    }
    ""
}

/// The host of a URL (`https://www.example.com/x` → `example.com`), lowercased, `www.` dropped.
pub(crate) fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// ISO 3166 alpha-3 → FIPS 10-4, for GDELT's `*Geo_CountryCode`.
const FIPS: &str = "AFG AF ALB AL DZA AG AND AN AGO AO ATG AC ARG AR ARM AM AUS AS AUT AU AZE AJ \
BHS BF BHR BA BGD BG BRB BB BLR BO BEL BE BLZ BH BEN BN BTN BT BOL BL BIH BK BWA BC BRA BR \
BRN BX BGR BU BFA UV BDI BY KHM CB CMR CM CAN CA CPV CV CAF CT TCD CD CHL CI CHN CH COL CO \
COM CN COG CF COD CG CRI CS CIV IV HRV HR CUB CU CYP CY CZE EZ DNK DA DJI DJ DMA DO DOM DR \
ECU EC EGY EG SLV ES GNQ EK ERI ER EST EN SWZ WZ ETH ET FJI FJ FIN FI FRA FR GAB GB GMB GA \
GEO GG DEU GM GHA GH GRC GR GRD GJ GTM GT GIN GV GNB PU GUY GY HTI HA HND HO HUN HU ISL IC \
IND IN IDN ID IRN IR IRQ IZ IRL EI ISR IS ITA IT JAM JM JPN JA JOR JO KAZ KZ KEN KE KIR KR \
PRK KN KOR KS KWT KU KGZ KG LAO LA LVA LG LBN LE LSO LT LBR LI LBY LY LIE LS LTU LH LUX LU \
MDG MA MWI MI MYS MY MDV MV MLI ML MLT MT MHL RM MRT MR MUS MP MEX MX FSM FM MDA MD MCO MN \
MNG MG MNE MJ MAR MO MOZ MZ MMR BM NAM WA NRU NR NPL NP NLD NL NZL NZ NIC NU NER NG NGA NI \
MKD MK NOR NO OMN MU PAK PK PLW PS PAN PM PNG PP PRY PA PER PE PHL RP POL PL PRT PO QAT QA \
ROU RO RUS RS RWA RW KNA SC LCA ST VCT VC WSM WS SMR SM STP TP SAU SA SEN SG SRB RI SYC SE \
SLE SL SGP SN SVK LO SVN SI SLB BP SOM SO ZAF SF SSD OD ESP SP LKA CE SDN SU SUR NS SWE SW \
CHE SZ SYR SY TWN TW TJK TI TZA TZ THA TH TLS TT TGO TO TON TN TTO TD TUN TS TUR TU TKM TX \
TUV TV UGA UG UKR UP ARE AE GBR UK USA US URY UY UZB UZ VUT NH VAT VT VEN VE VNM VM YEM YM \
ZMB ZA ZWE ZI PSE WE XKX KV HKG HK MAC MC PRI RQ GRL GL ESH WI";

/// FIPS 10-4 code of an ISO 3166 alpha-3 code (empty when unknown).
pub(crate) fn fips_of(iso3: &str) -> &'static str {
    let mut it = FIPS.split_ascii_whitespace();
    while let (Some(a), Some(f)) = (it.next(), it.next()) {
        if a == iso3 {
            return f;
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(day_of("2023-09-05"), Some(20230905));
        assert_eq!(day_of("2023-09"), None);
        assert_eq!(day_of("2023-W35"), None);
        assert_eq!(day_of("2023-02-29"), None);
        assert_eq!(day_of("2024-02-29T10:00"), Some(20240229));
        for d in [19700101, 20000229, 20230905, 18991231, 21000301] {
            assert_eq!(day_from_epoch(epoch_days(d)), d);
        }
        assert_eq!(epoch_days(19700102), 1);
        assert_eq!(timestamp14(0), "19700101000000");
        assert_eq!(fraction_date(20230905), 2023.7534);
    }

    #[test]
    fn actor_codes() {
        let p = split_actor("USAGOV");
        assert_eq!(
            (p.country.as_str(), p.types.clone()),
            ("USA", vec!["GOV".to_string()])
        );
        let p = split_actor("IGOUNO");
        assert_eq!(p.known_group, "UNO");
        assert_eq!(p.types, vec!["IGO".to_string()]);
        assert_eq!(p.country, "");
        let p = split_actor("IGOEUREEC");
        assert_eq!((p.country.as_str(), p.known_group.as_str()), ("EUR", "EEC"));
        assert_eq!(split_actor("RUS").country, "RUS");
        assert_eq!(split_actor("MIL").types, vec!["MIL".to_string()]);
        assert_eq!(actor_country("IGOEUREEC"), "EUR");
        assert_eq!(actor_country("IGOUNO"), "");
        assert_eq!(actor_country("USAGOV"), "USA");
    }

    /// `actor_country` is `split_actor(..).country` on every code shape, odd ones included.
    #[test]
    fn actor_country_agrees_with_split_actor() {
        let blocks = [
            "USA", "GOV", "IGO", "NGO", "UNO", "EUR", "EEC", "MIL", "REB", "AFR", "MNC", "SPY",
        ];
        let mut codes = vec![
            String::new(),
            "US".into(),
            "USAG".into(),
            "é".into(),
            "AéBCDEFG".into(),
            "IGOéUNOEUR".into(),
        ];
        for a in blocks {
            codes.push(a.into());
            for b in blocks {
                codes.push(format!("{a}{b}"));
                for c in blocks {
                    codes.push(format!("{a}{b}{c}"));
                    codes.push(format!("{a}{b}{c}GOV"));
                }
            }
        }
        for code in &codes {
            assert_eq!(actor_country(code), split_actor(code).country, "{code:?}");
        }
    }

    #[test]
    fn sites_and_fips() {
        assert_eq!(
            site_of("https://www.Example.com:443/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(site_of("not a url"), None);
        assert_eq!(fips_of("DEU"), "GM");
        assert_eq!(fips_of("ETH"), "ET");
        assert_eq!(fips_of("XXX"), "");
    }
}
