#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CArchive

// libarchive, opened the first time a bundle is read or written (dlopen), not at process start:
// with its compression and XML libraries it costs every run of every tool about 4.5 ms otherwise.
// One entry per function MIArchive calls, typed from libarchive's own header (shim.h).

struct ArchiveLibrary {
    let archive_entry_filetype: mi_archive_entry_filetype_fn
    let archive_entry_free: mi_archive_entry_free_fn
    let archive_entry_hardlink: mi_archive_entry_hardlink_fn
    let archive_entry_new: mi_archive_entry_new_fn
    let archive_entry_pathname: mi_archive_entry_pathname_fn
    let archive_entry_pathname_utf8: mi_archive_entry_pathname_utf8_fn
    let archive_entry_set_filetype: mi_archive_entry_set_filetype_fn
    let archive_entry_set_gid: mi_archive_entry_set_gid_fn
    let archive_entry_set_mtime: mi_archive_entry_set_mtime_fn
    let archive_entry_set_pathname_utf8: mi_archive_entry_set_pathname_utf8_fn
    let archive_entry_set_perm: mi_archive_entry_set_perm_fn
    let archive_entry_set_size: mi_archive_entry_set_size_fn
    let archive_entry_set_uid: mi_archive_entry_set_uid_fn
    let archive_entry_size: mi_archive_entry_size_fn
    let archive_error_string: mi_archive_error_string_fn
    let archive_filter_bytes: mi_archive_filter_bytes_fn
    let archive_filter_count: mi_archive_filter_count_fn
    let archive_filter_name: mi_archive_filter_name_fn
    let archive_read_data: mi_archive_read_data_fn
    let archive_read_data_skip: mi_archive_read_data_skip_fn
    let archive_read_free: mi_archive_read_free_fn
    let archive_read_new: mi_archive_read_new_fn
    let archive_read_next_header: mi_archive_read_next_header_fn
    let archive_read_open: mi_archive_read_open_fn
    let archive_read_set_format_option: mi_archive_read_set_format_option_fn
    let archive_read_support_filter_gzip: mi_archive_read_support_filter_gzip_fn
    let archive_read_support_filter_xz: mi_archive_read_support_filter_xz_fn
    let archive_read_support_filter_zstd: mi_archive_read_support_filter_zstd_fn
    let archive_read_support_format_tar: mi_archive_read_support_format_tar_fn
    let archive_write_add_filter_gzip: mi_archive_write_add_filter_gzip_fn
    let archive_write_add_filter_none: mi_archive_write_add_filter_none_fn
    let archive_write_add_filter_xz: mi_archive_write_add_filter_xz_fn
    let archive_write_add_filter_zstd: mi_archive_write_add_filter_zstd_fn
    let archive_write_close: mi_archive_write_close_fn
    let archive_write_data: mi_archive_write_data_fn
    let archive_write_free: mi_archive_write_free_fn
    let archive_write_header: mi_archive_write_header_fn
    let archive_write_new: mi_archive_write_new_fn
    let archive_write_open2: mi_archive_write_open2_fn
    let archive_write_set_bytes_in_last_block: mi_archive_write_set_bytes_in_last_block_fn
    let archive_write_set_filter_option: mi_archive_write_set_filter_option_fn
    let archive_write_set_format_pax_restricted: mi_archive_write_set_format_pax_restricted_fn

    /// Sonames tried in order (Debian's libarchive13 provides the first).
    static let names = ["libarchive.so.13", "libarchive.so", "libarchive.13.dylib"]

    /// A missing library ends the process as the dynamic loader would for a library linked at build
    /// time: one line, status 127.
    static func load() -> ArchiveLibrary {
        var handle: UnsafeMutableRawPointer?
        for name in names where handle == nil { handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) }
        guard let handle else { fail("cannot load libarchive (\(names[0])): \(String(cString: dlerror()))") }
        func symbol<T>(_ name: String) -> T {
            guard let p = dlsym(handle, name) else { fail("libarchive has no symbol \(name)") }
            return unsafeBitCast(p, to: T.self)
        }
        return ArchiveLibrary(
            archive_entry_filetype: symbol("archive_entry_filetype"),
            archive_entry_free: symbol("archive_entry_free"),
            archive_entry_hardlink: symbol("archive_entry_hardlink"),
            archive_entry_new: symbol("archive_entry_new"),
            archive_entry_pathname: symbol("archive_entry_pathname"),
            archive_entry_pathname_utf8: symbol("archive_entry_pathname_utf8"),
            archive_entry_set_filetype: symbol("archive_entry_set_filetype"),
            archive_entry_set_gid: symbol("archive_entry_set_gid"),
            archive_entry_set_mtime: symbol("archive_entry_set_mtime"),
            archive_entry_set_pathname_utf8: symbol("archive_entry_set_pathname_utf8"),
            archive_entry_set_perm: symbol("archive_entry_set_perm"),
            archive_entry_set_size: symbol("archive_entry_set_size"),
            archive_entry_set_uid: symbol("archive_entry_set_uid"),
            archive_entry_size: symbol("archive_entry_size"),
            archive_error_string: symbol("archive_error_string"),
            archive_filter_bytes: symbol("archive_filter_bytes"),
            archive_filter_count: symbol("archive_filter_count"),
            archive_filter_name: symbol("archive_filter_name"),
            archive_read_data: symbol("archive_read_data"),
            archive_read_data_skip: symbol("archive_read_data_skip"),
            archive_read_free: symbol("archive_read_free"),
            archive_read_new: symbol("archive_read_new"),
            archive_read_next_header: symbol("archive_read_next_header"),
            archive_read_open: symbol("archive_read_open"),
            archive_read_set_format_option: symbol("archive_read_set_format_option"),
            archive_read_support_filter_gzip: symbol("archive_read_support_filter_gzip"),
            archive_read_support_filter_xz: symbol("archive_read_support_filter_xz"),
            archive_read_support_filter_zstd: symbol("archive_read_support_filter_zstd"),
            archive_read_support_format_tar: symbol("archive_read_support_format_tar"),
            archive_write_add_filter_gzip: symbol("archive_write_add_filter_gzip"),
            archive_write_add_filter_none: symbol("archive_write_add_filter_none"),
            archive_write_add_filter_xz: symbol("archive_write_add_filter_xz"),
            archive_write_add_filter_zstd: symbol("archive_write_add_filter_zstd"),
            archive_write_close: symbol("archive_write_close"),
            archive_write_data: symbol("archive_write_data"),
            archive_write_free: symbol("archive_write_free"),
            archive_write_header: symbol("archive_write_header"),
            archive_write_new: symbol("archive_write_new"),
            archive_write_open2: symbol("archive_write_open2"),
            archive_write_set_bytes_in_last_block: symbol("archive_write_set_bytes_in_last_block"),
            archive_write_set_filter_option: symbol("archive_write_set_filter_option"),
            archive_write_set_format_pax_restricted: symbol("archive_write_set_format_pax_restricted"))
    }

    static func fail(_ message: String) -> Never {
        let line = "error: " + message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(127)
    }
}

/// The library, loaded once on first use (a global's lazy initialiser is thread-safe).
let lib = ArchiveLibrary.load()
