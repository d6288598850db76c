#ifndef MI_CARCHIVE_SHIM_H
#define MI_CARCHIVE_SHIM_H
// libarchive's declarations only: MIArchive opens the library on first use (ArchiveLibrary.swift),
// so these are the types of the functions it looks up, not calls linked at build time.
#include <archive.h>
#include <archive_entry.h>

// AE_IFREG is a cast macro, which Swift cannot import.
static const unsigned int MI_AE_IFREG = AE_IFREG;

typedef __typeof__(archive_entry_filetype) *mi_archive_entry_filetype_fn;
typedef __typeof__(archive_entry_free) *mi_archive_entry_free_fn;
typedef __typeof__(archive_entry_hardlink) *mi_archive_entry_hardlink_fn;
typedef __typeof__(archive_entry_new) *mi_archive_entry_new_fn;
typedef __typeof__(archive_entry_pathname) *mi_archive_entry_pathname_fn;
typedef __typeof__(archive_entry_pathname_utf8) *mi_archive_entry_pathname_utf8_fn;
typedef __typeof__(archive_entry_set_filetype) *mi_archive_entry_set_filetype_fn;
typedef __typeof__(archive_entry_set_gid) *mi_archive_entry_set_gid_fn;
typedef __typeof__(archive_entry_set_mtime) *mi_archive_entry_set_mtime_fn;
typedef __typeof__(archive_entry_set_pathname_utf8) *mi_archive_entry_set_pathname_utf8_fn;
typedef __typeof__(archive_entry_set_perm) *mi_archive_entry_set_perm_fn;
typedef __typeof__(archive_entry_set_size) *mi_archive_entry_set_size_fn;
typedef __typeof__(archive_entry_set_uid) *mi_archive_entry_set_uid_fn;
typedef __typeof__(archive_entry_size) *mi_archive_entry_size_fn;
typedef __typeof__(archive_error_string) *mi_archive_error_string_fn;
typedef __typeof__(archive_filter_bytes) *mi_archive_filter_bytes_fn;
typedef __typeof__(archive_filter_count) *mi_archive_filter_count_fn;
typedef __typeof__(archive_filter_name) *mi_archive_filter_name_fn;
typedef __typeof__(archive_read_data) *mi_archive_read_data_fn;
typedef __typeof__(archive_read_data_skip) *mi_archive_read_data_skip_fn;
typedef __typeof__(archive_read_free) *mi_archive_read_free_fn;
typedef __typeof__(archive_read_new) *mi_archive_read_new_fn;
typedef __typeof__(archive_read_next_header) *mi_archive_read_next_header_fn;
typedef __typeof__(archive_read_open) *mi_archive_read_open_fn;
typedef __typeof__(archive_read_set_format_option) *mi_archive_read_set_format_option_fn;
typedef __typeof__(archive_read_support_filter_gzip) *mi_archive_read_support_filter_gzip_fn;
typedef __typeof__(archive_read_support_filter_xz) *mi_archive_read_support_filter_xz_fn;
typedef __typeof__(archive_read_support_filter_zstd) *mi_archive_read_support_filter_zstd_fn;
typedef __typeof__(archive_read_support_format_tar) *mi_archive_read_support_format_tar_fn;
typedef __typeof__(archive_write_add_filter_gzip) *mi_archive_write_add_filter_gzip_fn;
typedef __typeof__(archive_write_add_filter_none) *mi_archive_write_add_filter_none_fn;
typedef __typeof__(archive_write_add_filter_xz) *mi_archive_write_add_filter_xz_fn;
typedef __typeof__(archive_write_add_filter_zstd) *mi_archive_write_add_filter_zstd_fn;
typedef __typeof__(archive_write_close) *mi_archive_write_close_fn;
typedef __typeof__(archive_write_data) *mi_archive_write_data_fn;
typedef __typeof__(archive_write_free) *mi_archive_write_free_fn;
typedef __typeof__(archive_write_header) *mi_archive_write_header_fn;
typedef __typeof__(archive_write_new) *mi_archive_write_new_fn;
typedef __typeof__(archive_write_open2) *mi_archive_write_open2_fn;
typedef __typeof__(archive_write_set_bytes_in_last_block) *mi_archive_write_set_bytes_in_last_block_fn;
typedef __typeof__(archive_write_set_filter_option) *mi_archive_write_set_filter_option_fn;
typedef __typeof__(archive_write_set_format_pax_restricted) *mi_archive_write_set_format_pax_restricted_fn;
#endif
