//! The WebAssembly build's global allocator: the standard one (dlmalloc), but when it has
//! to grow linear memory it is made to grow by a large step at once (half the memory
//! already in use, at least 1 MiB) instead of the ~64 KiB it asks for.
//!
//! Why (issue #10, docs/perf.md): every `memory.grow` makes the JS engine replace the
//! memory's `ArrayBuffer` and account for more external memory, which triggers garbage
//! collections of the whole JS heap; growing in small steps made the analysis of 23,313
//! issues in Node spend most of its time there (15.6 s CPU, 6.6 s with the memory grown
//! up front). Geometric growth needs O(log n) grows. The extra memory is taken by
//! allocating one block and freeing it at once: dlmalloc merges it into its top chunk
//! (linear memory can never shrink, so it is not trimmed) and serves later requests from
//! it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::arch::wasm32::memory_size;

const PAGE: usize = 65_536;
const MIN_STEP: usize = 1 << 20;

struct GrowInSteps;

#[global_allocator]
static ALLOC: GrowInSteps = GrowInSteps;

/// After dlmalloc grew the memory: take and give back one block of half the memory in
/// use, so the next allocations need no grow.
#[cold]
fn reserve() {
    let in_use = memory_size(0).saturating_mul(PAGE);
    let step = (in_use / 2).max(MIN_STEP);
    if let Ok(layout) = Layout::from_size_align(step, 16) {
        // SAFETY: a non-zero-sized layout; the block is freed with the same layout.
        unsafe {
            let p = System.alloc(layout);
            if !p.is_null() {
                System.dealloc(p, layout);
            }
        }
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// extra work only allocates and frees a block of its own.
unsafe impl GlobalAlloc for GrowInSteps {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let p = System.alloc(layout);
        if memory_size(0) != before {
            reserve();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let p = System.alloc_zeroed(layout);
        if memory_size(0) != before {
            reserve();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let before = memory_size(0);
        let p = System.realloc(ptr, layout, new_size);
        if memory_size(0) != before {
            reserve();
        }
        p
    }
}
