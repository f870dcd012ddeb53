package io.objmeta.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ListObjects (S3 ListObjectsV2) and ListObjectVersions against S3's documented edge cases and against a plain
 * reference model (sort by UTF-8 bytes, filter by prefix and startAfter, roll up at the delimiter), paged at every
 * size through continuation tokens and markers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingTest {
    private static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** Live keys of bucket "lst": listed by ListObjects. */
    private static final List<String> LIVE = List.of(
            "a", "a/b", "a/b/c", "a/c", "a-b", "a-b-c", "a::b", "a::b::c", "ab", "b", "b/", "b//c",
            "dir1/subdir/file.txt", "dir1/subdir.ext", "dir1/subdir1.ext", "dir1/subdir2.ext",
            "key with spaces", "key with spaces/inner", "100%", "%41", "%2F", "a%2Fb",
            "é", "e\u0301", "日本", "日本/語", "日本語", "\uFF01", "\uFFFF", "😀", "😀/x",
            "\u0001ctl", "tab\tkey", "new\nline", "\u007f",
            "nul", "nul\u0000", "nul\u0000x", "nul\u0000\u0000", "nul\u0001", "nul/\u0000", "\u0000",
            "L".repeat(1024), "L".repeat(1023) + "a", "L".repeat(1023) + "b", "L".repeat(1022) + "/",
            "L".repeat(500) + "/" + "x".repeat(100), "L".repeat(500) + "/y", "L".repeat(500),
            // around the 480-byte chunk of the long-key table: rows are bid(8) + enc(key) + ~revision(8)
            "K".repeat(460), "K".repeat(461), "K".repeat(462), "K".repeat(463), "K".repeat(464),
            "M".repeat(471), "M".repeat(471) + "\u0000z", "M".repeat(471) + "\u0001", "M".repeat(471) + "/q",
            "O".repeat(470) + "日", "O".repeat(470) + "日/x",
            "revived");
    /**
     * Keys of bucket "lst" whose latest version is a delete marker: never listed by ListObjects, nor are common
     * prefixes under which every key is one ("gone/", "a/deadsub/"), as in S3.
     */
    private static final List<String> DEAD = List.of("dead", "a/dead", "dir1/dead.ext", "nul\u0000dead",
            "L".repeat(1023) + "c", "gone/x", "gone/sub/y", "a/deadsub/z", "a/deadsub/zz");

    private final CoreClient s = CoreClient.create();
    private final Map<String, String> latestVersionId = new HashMap<>();

    @BeforeAll
    void load() {
        s.createBucket("lst", Versioning.ENABLED);
        for (int i = 0; i < LIVE.size(); i++) {
            String key = LIVE.get(i);
            if (i % 3 == 0) {
                s.put("lst", key, "old", 1); // an older version: listed once, as its latest
            }
            latestVersionId.put(key, s.put("lst", key, "e" + i, i).getVersionId());
        }
        for (String key : DEAD) {
            s.put("lst", key, "gone", 1);
            s.delete("lst", key);
        }
        s.delete("lst", "revived");
        latestVersionId.put("revived", s.put("lst", "revived", "back", 1).getVersionId());
    }

    @AfterAll
    void close() {
        s.close();
    }

    // ---- the reference model ----

    /** S3's listing of live keys: rolled-up items (keys and common prefixes) in UTF-8 byte order. */
    static List<String> expected(List<String> keys, String prefix, String delimiter, String startAfter) {
        List<String> out = new ArrayList<>();
        for (String key : keys.stream().sorted(UTF8).toList()) {
            if (!key.startsWith(prefix) || UTF8.compare(key, startAfter) <= 0) {
                continue;
            }
            String item = key;
            int at = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            if (at >= 0) {
                item = key.substring(0, at + delimiter.length());
            }
            if (out.isEmpty() || !out.get(out.size() - 1).equals(item)) {
                out.add(item);
            }
        }
        return out;
    }

    /** Every page of a listing, following continuation tokens; asserts what each page must satisfy. */
    private List<ListObjectsResponse> pages(String prefix, String delimiter, String startAfter, Integer maxKeys) {
        List<ListObjectsResponse> pages = new ArrayList<>();
        String token = "";
        do {
            ListObjectsRequest.Builder r = ListObjectsRequest.newBuilder().setBucket("lst").setPrefix(prefix)
                    .setDelimiter(delimiter).setStartAfter(startAfter).setContinuationToken(token);
            if (maxKeys != null) {
                r.setMaxKeys(maxKeys);
            }
            ListObjectsResponse page = s.list(r);
            int limit = maxKeys == null ? 1000 : Math.min(maxKeys, 1000);
            assertThat(page.getKeyCount()).isEqualTo(page.getContentsCount() + page.getCommonPrefixesCount())
                    .isLessThanOrEqualTo(limit);
            assertThat(page.getIsTruncated()).isEqualTo(!page.getNextContinuationToken().isEmpty());
            if (page.getIsTruncated()) {
                assertThat(page.getKeyCount()).isEqualTo(limit); // only a full page is cut
            }
            for (ObjectSummary o : page.getContentsList()) {
                assertThat(o.getIsLatest()).isTrue();
                assertThat(o.getIsDeleteMarker()).isFalse();
                assertThat(o.getVersionId()).isEqualTo(latestVersionId.get(o.getKey()));
            }
            assertThat(page.getContentsList()).extracting(ObjectSummary::getKey).isSortedAccordingTo(UTF8);
            assertThat(page.getCommonPrefixesList()).isSortedAccordingTo(UTF8);
            pages.add(page);
            token = page.getNextContinuationToken();
            if (pages.size() > LIVE.size() + 1) { // fail fast (and briefly) if paging never ends
                throw new AssertionError("listing does not end after " + pages.size() + " pages");
            }
        } while (!token.isEmpty());
        return pages;
    }

    /** The items of pages in listing order: each page's keys and common prefixes merged by byte order. */
    private static List<String> items(List<ListObjectsResponse> pages) {
        List<String> out = new ArrayList<>();
        for (ListObjectsResponse p : pages) {
            List<String> page = new ArrayList<>(p.getCommonPrefixesList());
            p.getContentsList().forEach(o -> page.add(o.getKey()));
            page.sort(UTF8);
            out.addAll(page);
        }
        return out;
    }

    static Stream<Arguments> queries() {
        String[][] queries = {
            {"", "", ""},
            {"", "/", ""},
            {"a", "/", ""},
            {"a/", "/", ""},
            {"a/b", "/", ""},                 // prefix equal to a key
            {"a", "-", ""},                   // a delimiter other than '/'
            {"", "::", ""},                   // a multi-character delimiter
            {"a", "::", ""},
            {"", "/", "b"},                   // startAfter a key
            {"", "", "nul"},
            {"nul", "", "nul\u0000"},
            {"", "\u0000", ""},               // NUL as delimiter
            {"nul", "\u0000", ""},
            {"dir1/", "/", ""},
            {"dir1/subdir", "/", ""},
            {"", "/", "dir1"},
            {"L", "/", ""},
            {"L".repeat(500), "/", ""},
            {"L".repeat(1022), "", ""},
            {"", "L", ""},
            {"M".repeat(471), "", ""},
            {"M".repeat(471), "/", ""},
            {"K", "", "K".repeat(461)},
            {"日本", "/", ""},
            {"", "日", ""},                   // a multi-byte delimiter
            {"", "本/", ""},
            {"O", "日", ""},
            {"😀", "/", ""},
            {"key with spaces", " ", ""},
            {"", " ", ""},
            {"", "%", ""},
            {"zzz", "/", ""},                 // nothing matches
            {"", "/", "\uFFFF"},              // UTF-8 order: U+1F600 sorts after U+FFFF (not so in UTF-16)
            {"", "", "a/b"},
        };
        Integer[] sizes = {1, 2, 3, 7, 1000, null};
        List<Arguments> out = new ArrayList<>();
        for (String[] q : queries) {
            for (Integer size : sizes) {
                out.add(Arguments.of(q[0], q[1], q[2], size));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "prefix={0} delimiter={1} startAfter={2} maxKeys={3}")
    @MethodSource("queries")
    void pagedListingsEqualTheReferenceModel(String prefix, String delimiter, String startAfter, Integer maxKeys) {
        List<String> expected = expected(LIVE, prefix, delimiter, startAfter);
        List<ListObjectsResponse> pages = pages(prefix, delimiter, startAfter, maxKeys);
        assertThat(items(pages)).isEqualTo(expected);
        int limit = maxKeys == null ? 1000 : maxKeys;
        assertThat(pages).hasSize(Math.max(1, (expected.size() + limit - 1) / limit)); // no empty last page
        // every common prefix once, across pages
        List<String> prefixes = pages.stream().flatMap(p -> p.getCommonPrefixesList().stream()).toList();
        assertThat(prefixes).doesNotHaveDuplicates();
    }

    // ---- S3's documented cases, spelled out ----

    private ListObjectsResponse list(String prefix, String delimiter) {
        return s.list(ListObjectsRequest.newBuilder().setBucket("lst").setPrefix(prefix).setDelimiter(delimiter));
    }

    private static List<String> keys(ListObjectsResponse r) {
        return r.getContentsList().stream().map(ObjectSummary::getKey).toList();
    }

    @Test
    void delimiterSlash() {
        ListObjectsResponse r = list("a", "/");
        assertThat(keys(r)).containsExactly("a", "a%2Fb", "a-b", "a-b-c", "a::b", "a::b::c", "ab");
        assertThat(r.getCommonPrefixesList()).containsExactly("a/");
        r = list("a/", "/");
        assertThat(keys(r)).containsExactly("a/b", "a/c"); // a/dead is hidden by its delete marker
        assertThat(r.getCommonPrefixesList()).containsExactly("a/b/"); // so is a/deadsub/: nothing lives there
        assertThat(list("", "/").getCommonPrefixesList()).contains("a/", "dir1/").doesNotContain("gone/");
    }

    @Test
    void delimitersOtherThanSlash() {
        ListObjectsResponse r = list("a", "-");
        assertThat(r.getCommonPrefixesList()).containsExactly("a-");
        assertThat(keys(r)).doesNotContain("a-b", "a-b-c").contains("a/b", "a::b");
        r = list("a", "::");
        assertThat(r.getCommonPrefixesList()).containsExactly("a::");
        r = list("a::", "::");
        assertThat(keys(r)).containsExactly("a::b");
        assertThat(r.getCommonPrefixesList()).containsExactly("a::b::");
    }

    @Test
    void prefixEqualToAKey() {
        ListObjectsResponse r = list("a/b", "/");
        assertThat(keys(r)).containsExactly("a/b");
        assertThat(r.getCommonPrefixesList()).containsExactly("a/b/");
        // a key that ends with the delimiter rolls up into its own common prefix
        r = list("b", "/");
        assertThat(keys(r)).containsExactly("b");
        assertThat(r.getCommonPrefixesList()).containsExactly("b/");
        r = list("b/", "/");
        assertThat(keys(r)).containsExactly("b/");
        assertThat(r.getCommonPrefixesList()).containsExactly("b//");
    }

    @Test
    void theVersitygwCase() {
        // dir1/subdir/file.txt, dir1/subdir.ext, dir1/subdir1.ext, dir1/subdir2.ext with prefix dir1/ and
        // max-keys 2: the first page is dir1/subdir.ext and the common prefix dir1/subdir/ ('.' < '/' < '1')
        ListObjectsResponse r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setPrefix("dir1/")
                .setDelimiter("/").setMaxKeys(2));
        assertThat(keys(r)).containsExactly("dir1/subdir.ext");
        assertThat(r.getCommonPrefixesList()).containsExactly("dir1/subdir/");
        assertThat(r.getIsTruncated()).isTrue();
        ListObjectsResponse next = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setPrefix("dir1/")
                .setDelimiter("/").setMaxKeys(2).setContinuationToken(r.getNextContinuationToken()));
        assertThat(keys(next)).containsExactly("dir1/subdir1.ext", "dir1/subdir2.ext");
        assertThat(next.getCommonPrefixesList()).isEmpty();
        assertThat(next.getIsTruncated()).isFalse();
    }

    @Test
    void maxKeysSmallerThanTheCommonPrefixesPagesThroughThemOnce() {
        List<String> all = list("", "/").getCommonPrefixesList();
        assertThat(all).hasSizeGreaterThan(8);
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListObjectsResponse r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setDelimiter("/")
                    .setMaxKeys(1).setContinuationToken(token));
            seen.addAll(r.getCommonPrefixesList());
            token = r.getNextContinuationToken();
        } while (!token.isEmpty() && seen.size() <= all.size());
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void startAfterIsExclusiveAndNeedNotExist() {
        ListObjectsResponse r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setStartAfter("a/b")
                .setMaxKeys(2));
        assertThat(keys(r)).containsExactly("a/b/c", "a/c");
        r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setStartAfter("a/bb").setMaxKeys(1));
        assertThat(keys(r)).containsExactly("a/c");
        // startAfter before the prefix: the prefix wins
        r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setPrefix("b").setStartAfter("a"));
        assertThat(keys(r)).first().isEqualTo("b");
        // a continuation token takes precedence over startAfter (S3)
        ListObjectsResponse first = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setMaxKeys(1));
        r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setMaxKeys(1).setStartAfter("zzz")
                .setContinuationToken(first.getNextContinuationToken()));
        assertThat(keys(first)).containsExactly("\u0000");
        assertThat(keys(r)).containsExactly("\u0001ctl");
    }

    @Test
    void maxKeysZeroAbsentAndCapped() {
        ListObjectsResponse zero = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setMaxKeys(0));
        assertThat(zero.getKeyCount()).isZero();
        assertThat(zero.getContentsList()).isEmpty();
        assertThat(zero.getCommonPrefixesList()).isEmpty();
        assertThat(zero.getNextContinuationToken()).isEmpty();
        assertThatThrownBy(() -> s.list(ListObjectsRequest.newBuilder().setBucket("lst").setMaxKeys(-1)))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("maxKeys: -1 (expected: >= 0)");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1000, 1001, Integer.MAX_VALUE})
    void aPageHoldsAtMost1000Keys(int maxKeys) {
        try (CoreClient big = CoreClient.create()) {
            big.createBucket("big", Versioning.UNVERSIONED);
            List<io.objmeta.api.proto.Command> puts = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                puts.add(io.objmeta.core.testing.Requests.command(
                        io.objmeta.core.testing.Requests.put("big", String.format("k%05d", i))));
            }
            big.fixture().applyAll(puts);
            ListObjectsRequest.Builder r = ListObjectsRequest.newBuilder().setBucket("big");
            if (maxKeys >= 0) {
                r.setMaxKeys(maxKeys);
            } // -1: absent
            ListObjectsResponse page = big.list(r);
            assertThat(page.getKeyCount()).isEqualTo(1000);
            assertThat(page.getIsTruncated()).isTrue();
            ListObjectsResponse rest = big.list(r.setContinuationToken(page.getNextContinuationToken()));
            assertThat(keys(rest)).containsExactly("k01000");
            assertThat(rest.getIsTruncated()).isFalse();
        }
    }

    @Test
    void keysAreInStrictUtf8ByteOrder() {
        List<String> listed = items(pages("", "", "", 1000));
        List<String> byBytes = new ArrayList<>(LIVE);
        byBytes.sort(UTF8);
        assertThat(listed).isEqualTo(byBytes);
        // UTF-16 order (String.compareTo) differs for supplementary characters: U+1F600 (F0 ...) sorts after
        // U+FF01 and U+FFFF (EF ...) in UTF-8, before them in UTF-16
        assertThat(listed.indexOf("😀")).isGreaterThan(listed.indexOf("\uFFFF"));
        assertThat("😀".compareTo("\uFF01")).isNegative();
        // a key sorts before its extensions, including those continued by U+0000
        assertThat(listed.subList(listed.indexOf("nul"), listed.indexOf("nul") + 5))
                .containsExactly("nul", "nul\u0000", "nul\u0000\u0000", "nul\u0000x", "nul\u0001");
        assertThat(listed.get(0)).isEqualTo("\u0000");
    }

    @Test
    void longKeysRoundTrip() {
        for (String key : LIVE) {
            if (key.getBytes(StandardCharsets.UTF_8).length > 400) {
                assertThat(s.get("lst", key).getKey()).isEqualTo(key);
                ListObjectsResponse r = list(key, "");
                assertThat(keys(r)).first().isEqualTo(key);
            }
        }
        ListObjectsResponse r = list("L".repeat(1023), "");
        assertThat(keys(r)).containsExactly("L".repeat(1024), "L".repeat(1023) + "a", "L".repeat(1023) + "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "AQ", "AXg", "Ang", "AmFi", "not base64 at all", "AWs=x"})
    void aBadContinuationTokenIsInvalidArgument(String token) {
        assertThatThrownBy(() -> s.list(ListObjectsRequest.newBuilder().setBucket("lst")
                .setContinuationToken(token)))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.field()).isEqualTo("continuationToken");
                    assertThat(e.rule()).isEqualTo("a token returned as nextContinuationToken by an earlier page");
                });
    }

    @Test
    void aWellFormedTokenResumesAfterItsKey() {
        // tokens are opaque to clients; this pins the format only to prove a forged one is handled
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new byte[] {1, 'k', 'a', '/', 'b'});
        ListObjectsResponse r = s.list(ListObjectsRequest.newBuilder().setBucket("lst").setContinuationToken(token)
                .setMaxKeys(1));
        assertThat(keys(r)).containsExactly("a/b/c");
    }

    // ---- ListObjectVersions ----

    /** Bucket "ver" and its versions in listing order: key ascending, newest first; "key|versionId|flags". */
    private List<String> loadVersions(CoreClient v) {
        v.createBucket("ver", Versioning.UNVERSIONED);
        Map<String, List<String>> model = new LinkedHashMap<>(); // key -> versions newest first
        java.util.function.BiConsumer<String, String> add = (key, id) ->
                model.computeIfAbsent(key, k -> new ArrayList<>()).add(0, id);
        v.put("ver", "b", "e", 1);
        add.accept("b", "null|");
        v.setVersioning("ver", Versioning.ENABLED);
        for (String key : List.of("a", "a/x", "b", "d/e/f", "d/e/g", "a", "L".repeat(1024), "a", "d/e/f",
                "L".repeat(1024), "nul\u0000")) {
            add.accept(key, v.put("ver", key, "e", 1).getVersionId() + "|");
        }
        add.accept("a", v.delete("ver", "a").getVersionId() + "|marker");
        add.accept("c", v.delete("ver", "c").getVersionId() + "|marker");
        add.accept("c", v.delete("ver", "c").getVersionId() + "|marker");
        add.accept("d/e/g", v.delete("ver", "d/e/g").getVersionId() + "|marker");
        add.accept("gone/m", v.delete("ver", "gone/m").getVersionId() + "|marker"); // listed: versions show markers
        v.setVersioning("ver", Versioning.SUSPENDED);
        add.accept("e", "null|");
        v.put("ver", "e", "e", 1);
        List<String> out = new ArrayList<>();
        model.keySet().stream().sorted(UTF8).forEach(key -> {
            List<String> versions = model.get(key);
            for (int i = 0; i < versions.size(); i++) {
                out.add(key + "|" + versions.get(i) + (i == 0 ? "|latest" : "|"));
            }
        });
        return out;
    }

    private static String row(ObjectSummary o) {
        return o.getKey() + "|" + o.getVersionId() + "|" + (o.getIsDeleteMarker() ? "marker" : "")
                + (o.getIsLatest() ? "|latest" : "|");
    }

    /** Every page of a version listing, following the markers; versions as rows and common prefixes. */
    private static List<String> allVersions(CoreClient v, String prefix, String delimiter, int maxKeys) {
        List<String> out = new ArrayList<>();
        String keyMarker = "";
        String versionIdMarker = "";
        for (int pages = 0; pages < 200; pages++) {
            ListObjectVersionsResponse page = v.versions(ListObjectVersionsRequest.newBuilder().setBucket("ver")
                    .setPrefix(prefix).setDelimiter(delimiter).setKeyMarker(keyMarker)
                    .setVersionIdMarker(versionIdMarker).setMaxKeys(maxKeys));
            assertThat(page.getVersionsCount() + page.getCommonPrefixesCount()).isLessThanOrEqualTo(maxKeys);
            TreeSet<String> cps = new TreeSet<>(UTF8);
            cps.addAll(page.getCommonPrefixesList());
            // merge versions (in order) with common prefixes (in order) by key
            List<ObjectSummary> vs = page.getVersionsList();
            int i = 0;
            for (String cp : cps) {
                while (i < vs.size() && UTF8.compare(vs.get(i).getKey(), cp) < 0) {
                    out.add(row(vs.get(i++)));
                }
                out.add(cp);
            }
            while (i < vs.size()) {
                out.add(row(vs.get(i++)));
            }
            if (!page.getIsTruncated()) {
                return out;
            }
            keyMarker = page.getNextKeyMarker();
            versionIdMarker = page.getNextVersionIdMarker();
        }
        throw new AssertionError("listing does not end after 200 pages");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 1000})
    void listObjectVersionsPagesWithKeyAndVersionIdMarkers(int maxKeys) {
        try (CoreClient v = CoreClient.create()) {
            List<String> expected = loadVersions(v);
            assertThat(allVersions(v, "", "", maxKeys)).isEqualTo(expected);
            assertThat(allVersions(v, "d/", "", maxKeys))
                    .isEqualTo(expected.stream().filter(r -> r.startsWith("d/")).toList());
            // with a delimiter: common prefixes once each, in key order among the versions
            List<String> rolled = new ArrayList<>();
            for (String r : expected) {
                String key = r.substring(0, r.indexOf('|'));
                String item = key.contains("/") ? key.substring(0, key.indexOf('/') + 1) : r;
                if (rolled.isEmpty() || !rolled.get(rolled.size() - 1).equals(item)) {
                    rolled.add(item);
                }
            }
            assertThat(allVersions(v, "", "/", maxKeys)).isEqualTo(rolled).contains("a/", "d/", "gone/");
            assertThat(allVersions(v, "d/", "/", maxKeys)).containsExactly("d/e/");
        }
    }

    @Test
    void listObjectVersionsFlagsLatestAndDeleteMarkers() {
        try (CoreClient v = CoreClient.create()) {
            loadVersions(v);
            List<ObjectSummary> a = v.versions(ListObjectVersionsRequest.newBuilder().setBucket("ver")
                    .setPrefix("a").setDelimiter("/")).getVersionsList();
            assertThat(a).extracting(ObjectSummary::getIsLatest).containsExactly(true, false, false, false);
            assertThat(a).extracting(ObjectSummary::getIsDeleteMarker).containsExactly(true, false, false, false);
            assertThat(a).extracting(ObjectSummary::getRevision).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(a.get(0).getVersionId()).isEqualTo(Ids.versionId(a.get(0).getRevision()));
            // a versionIdMarker must name a version of keyMarker
            assertThatThrownBy(() -> v.versions(ListObjectVersionsRequest.newBuilder().setBucket("ver")
                    .setKeyMarker("a").setVersionIdMarker(Ids.versionId(999))))
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.field()).isEqualTo("versionIdMarker"));
            assertThatThrownBy(() -> v.versions(ListObjectVersionsRequest.newBuilder().setBucket("ver")
                    .setVersionIdMarker(a.get(1).getVersionId())))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageEndingWith("(expected: empty unless keyMarker is set)");
            // resuming inside a key: none of the rest is the latest
            List<ObjectSummary> rest = v.versions(ListObjectVersionsRequest.newBuilder().setBucket("ver")
                    .setPrefix("a").setDelimiter("/").setKeyMarker("a").setVersionIdMarker(a.get(0).getVersionId()))
                    .getVersionsList();
            assertThat(rest).extracting(ObjectSummary::getIsLatest).containsExactly(false, false, false);
        }
    }
}
