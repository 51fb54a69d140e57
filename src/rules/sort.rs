//! Stable sorting that costs one shared routine in the `.wasm` instead of one copy of the
//! standard library's sort per element type and comparator.
//!
//! `slice::sort_by` is generic over the element and the comparator, so each call site
//! compiles its own copy of driftsort (about 5 KB of WebAssembly each; 35 copies made up
//! a tenth of the code, issue #10). Here the WASM build sorts *positions* with one
//! non-generic merge sort that calls the comparator through `dyn`, then moves the
//! elements into place with swaps; only that small move loop is generic. Native builds
//! call the standard sort, so native speed does not change.
//!
//! Both are stable sorts by the same comparator, so for any total order (every caller
//! compares integers, strings, enums, or floats with `total_cmp`) they give the same
//! order: the sorted order with equal elements kept in input order.

use std::cmp::Ordering;

/// Sort `v` stably by `cmp`, like [`slice::sort_by`].
pub(crate) fn sort_by<T, F>(v: &mut [T], cmp: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
    #[cfg(target_arch = "wasm32")]
    compact_sort_by(v, cmp);
}

/// Sort `v` stably by the key `f` gives, like [`slice::sort_by_key`].
pub(crate) fn sort_by_key<T, K: Ord, F>(v: &mut [T], mut f: F)
where
    F: FnMut(&T) -> K,
{
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sort `v` stably in ascending order, like [`slice::sort`].
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The WASM path (also compiled natively, where the tests compare it with the
/// standard sort).
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn compact_sort_by<T, F>(v: &mut [T], mut cmp: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    // Nothing to order (and no position lists to allocate).
    if v.len() < 2 {
        return;
    }
    let order = {
        let view: &[T] = v;
        stable_order(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    apply(v, order);
}

/// The positions `0..n` in stably sorted order: bottom-up merge sort, taking from the
/// right run only when its element is strictly less (so ties keep input order).
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = vec![0; n];
    let mut width = 1usize;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = lo.saturating_add(width).min(n);
            let hi = mid.saturating_add(width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in b.iter_mut().take(hi).skip(lo) {
                let left = if i < mid { a.get(i).copied() } else { None };
                let right = if j < hi { a.get(j).copied() } else { None };
                match (left, right) {
                    (Some(l), Some(r)) if cmp(r, l) != Ordering::Less => {
                        *slot = l;
                        i += 1;
                    }
                    (Some(l), None) => {
                        *slot = l;
                        i += 1;
                    }
                    (_, Some(r)) => {
                        *slot = r;
                        j += 1;
                    }
                    (None, None) => break,
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width = width.saturating_mul(2);
    }
    a
}

/// Rearrange `v` so that position `i` holds the element that was at `order[i]`
/// (`order` is a permutation of `0..v.len()`), following each cycle with swaps.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
fn apply<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut j = start;
        while let Some(slot) = order.get_mut(j) {
            let k = std::mem::replace(slot, j);
            if k == start || k >= v.len() {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so the test needs no crate.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed.max(1);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn compact_sort_matches_the_standard_stable_sort() {
        for (seed, n, modulo) in [
            (1, 0, 5),
            (2, 1, 5),
            (3, 2, 2),
            (4, 17, 3),
            (5, 100, 10),
            (6, 1000, 7),
            (7, 4097, 1000),
            (8, 333, 1),
        ] {
            // Pairs (key, position): sorting by key alone shows whether ties keep input order.
            let items: Vec<(u64, usize)> = numbers(seed, n, modulo).into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = items.clone();
            compact_sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "seed {seed}, n {n}");
            let mut desc = items.clone();
            compact_sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            assert_eq!(desc, expected, "descending, seed {seed}, n {n}");
        }
    }

    #[test]
    fn compact_sort_moves_owned_values() {
        let words = [
            "story", "as", "a", "user", "i", "want", "a", "story", "so", "that",
        ];
        let mut got: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut expected = got.clone();
        expected.sort();
        compact_sort_by(&mut got, |a, b| a.cmp(b));
        assert_eq!(got, expected);
    }

    #[test]
    fn helpers_sort_like_the_standard_library() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut w = vec!["b", "a", "c", "a"];
        sort(&mut w);
        assert_eq!(w, ["a", "a", "b", "c"]);
    }
}
