package io.objmeta.api;

import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListPartsRequest;

/**
 * Page sizes as S3 treats them: absent means {@value Limits#MAX_PAGE_SIZE}, larger values are
 * capped to it, 0 asks for an empty page, negative is invalid. Capping is the store's job (the
 * request keeps what the client sent); these give the number to use.
 */
public final class Paging {
  private Paging() {}

  /** The page size to use for a requested one; throws for a negative request. */
  public static int effectivePageSize(String field, boolean present, int requested) {
    Checks.pageSize(field, present, requested);
    return present ? Math.min(requested, Limits.MAX_PAGE_SIZE) : Limits.MAX_PAGE_SIZE;
  }

  public static int effectiveMaxKeys(ListObjectsRequest r) {
    return effectivePageSize("maxKeys", r.hasMaxKeys(), r.getMaxKeys());
  }

  public static int effectiveMaxKeys(ListObjectVersionsRequest r) {
    return effectivePageSize("maxKeys", r.hasMaxKeys(), r.getMaxKeys());
  }

  public static int effectiveMaxBuckets(ListBucketsRequest r) {
    return effectivePageSize("maxBuckets", r.hasMaxBuckets(), r.getMaxBuckets());
  }

  public static int effectiveMaxUploads(ListMultipartUploadsRequest r) {
    return effectivePageSize("maxUploads", r.hasMaxUploads(), r.getMaxUploads());
  }

  public static int effectiveMaxParts(ListPartsRequest r) {
    return effectivePageSize("maxParts", r.hasMaxParts(), r.getMaxParts());
  }

  /** Garbage items per page; a page may exceed it to finish a revision (see ListGarbage). */
  public static int effectiveLimit(ListGarbageRequest r) {
    return effectivePageSize("limit", r.hasLimit(), r.getLimit());
  }
}
