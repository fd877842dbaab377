/*
 * kernel/marker_profile.c
 *
 * An enabled set read from a profile file (schemas/profile.schema.json,
 * docs/live.md) and armed as one set: each marker by its id, else by its
 * name; those matching neither are reported and left out. The reader knows
 * just enough JSON for that: objects, arrays, strings with their escapes,
 * and the scalars it skips.
 */
/* Not glibc's default: its <sys/types.h> clashes with <linux/types.h>. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/marker.h>

#define PROFILE_MAX	(16 * 1024 * 1024)
#define PROFILE_DEPTH	32

struct json {
	const char *at, *end;
	const char *error;	/* the first problem, or NULL */
};

struct profile_entry {
	char *id, *name;
};

static void json_space(struct json *j)
{
	while (j->at < j->end && strchr(" \t\r\n", *j->at))
		j->at++;
}

static bool json_fail(struct json *j, const char *what)
{
	if (!j->error)
		j->error = what;
	return false;
}

static bool json_take(struct json *j, char c)
{
	json_space(j);
	if (j->at < j->end && *j->at == c) {
		j->at++;
		return true;
	}
	return false;
}

/* A string, decoded into a new buffer when @out is given (\u: ASCII only). */
static bool json_string(struct json *j, char **out)
{
	char *s = NULL;
	size_t n = 0;

	if (!json_take(j, '"'))
		return json_fail(j, "a string expected");
	if (out) {
		s = malloc((size_t)(j->end - j->at) + 1);
		if (!s)
			return json_fail(j, "out of memory");
	}
	while (j->at < j->end && *j->at != '"') {
		char c = *j->at++;

		if (c == '\\' && j->at < j->end) {
			c = *j->at++;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' :
			    c == 'b' ? '\b' : c == 'f' ? '\f' : c;
			if (c == 'u') {
				unsigned int code;

				if (j->end - j->at < 4 || sscanf(j->at, "%4x", &code) != 1)
					break;
				j->at += 4;
				c = code < 0x80 ? (char)code : '?';
			}
		}
		if (s)
			s[n++] = c;
	}
	if (!json_take(j, '"')) {
		free(s);
		return json_fail(j, "an unterminated string");
	}
	if (out) {
		s[n] = '\0';
		*out = s;
	}
	return true;
}

static bool json_skip(struct json *j, int depth)
{
	json_space(j);
	if (depth > PROFILE_DEPTH)
		return json_fail(j, "nested too deeply");
	if (j->at >= j->end)
		return json_fail(j, "a value expected");
	if (*j->at == '"')
		return json_string(j, NULL);
	if (json_take(j, '{')) {
		if (json_take(j, '}'))
			return true;
		do {
			if (!json_string(j, NULL) || !json_take(j, ':') || !json_skip(j, depth + 1))
				return json_fail(j, "a member expected");
		} while (json_take(j, ','));
		return json_take(j, '}') || json_fail(j, "'}' expected");
	}
	if (json_take(j, '[')) {
		if (json_take(j, ']'))
			return true;
		do {
			if (!json_skip(j, depth + 1))
				return false;
		} while (json_take(j, ','));
		return json_take(j, ']') || json_fail(j, "']' expected");
	}
	if (!strchr("-0123456789tfn", *j->at))
		return json_fail(j, "a value expected");
	while (j->at < j->end && strchr("+-.0123456789eEtruefalsn", *j->at))
		j->at++;
	return true;
}

/* { "id": ..., "name": ..., other members skipped } */
static bool json_entry(struct json *j, struct profile_entry *e)
{
	char *key;

	if (!json_take(j, '{'))
		return json_fail(j, "each marker must be an object");
	if (json_take(j, '}'))
		return true;
	do {
		char **into;
		bool ok;

		if (!json_string(j, &key) || !json_take(j, ':'))
			return json_fail(j, "a member expected");
		into = !strcmp(key, "id") ? &e->id : !strcmp(key, "name") ? &e->name : NULL;
		free(key);
		if (into)
			free(*into);
		ok = into ? json_string(j, into) : json_skip(j, 1);
		if (!ok)
			return false;
	} while (json_take(j, ','));
	return json_take(j, '}') || json_fail(j, "'}' expected");
}

/* The top object's "markers" array, into a new array of *count entries. */
static bool json_profile(struct json *j, struct profile_entry **entries,
			 unsigned int *count)
{
	unsigned int max = 0;
	char *key;

	if (!json_take(j, '{'))
		return json_fail(j, "a profile is a JSON object");
	if (json_take(j, '}'))
		return true;
	do {
		bool markers;

		if (!json_string(j, &key) || !json_take(j, ':'))
			return json_fail(j, "a member expected");
		markers = !strcmp(key, "markers");
		free(key);
		if (!markers) {
			if (!json_skip(j, 1))
				return false;
			continue;
		}
		if (!json_take(j, '['))
			return json_fail(j, "\"markers\" must be an array");
		if (json_take(j, ']'))
			continue;
		do {
			if (*count == max) {
				struct profile_entry *more;

				max = max ? 2 * max : 64;
				more = realloc(*entries, max * sizeof(*more));
				if (!more)
					return json_fail(j, "out of memory");
				*entries = more;
			}
			(*entries)[*count] = (struct profile_entry) { NULL, NULL };
			if (!json_entry(j, &(*entries)[(*count)++]))
				return false;
		} while (json_take(j, ','));
		if (!json_take(j, ']'))
			return json_fail(j, "']' expected");
	} while (json_take(j, ','));
	if (!json_take(j, '}'))
		return json_fail(j, "'}' expected");
	json_space(j);
	return j->at == j->end || json_fail(j, "text after the profile");
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text;

	if (!f)
		return NULL;
	text = malloc(PROFILE_MAX);
	if (text) {
		*len = fread(text, 1, PROFILE_MAX, f);
		if (ferror(f) || *len == PROFILE_MAX) {
			free(text);
			text = NULL;
			errno = ferror(f) ? EIO : EFBIG;
		}
	}
	fclose(f);
	return text;
}

/*
 * Arms the profile at @path as one set. 0 also when some of its markers
 * matched nothing (each is reported); -errno when it cannot be read, is not
 * a profile, or the set cannot be armed.
 */
int marker_arm_profile(const char *path)
{
	struct profile_entry *entries = NULL;
	unsigned int count = 0, n = 0, i;
	const char **keys;
	struct json j;
	size_t len = 0;
	char *text = read_file(path, &len);
	int ret = 0;

	if (!text) {
		ret = -errno;
		printk(KERN_ERR "marker: profile %s: cannot read it: %s\n", path, strerror(errno));
		return ret;
	}
	j = (struct json) { .at = text, .end = text + len };
	json_profile(&j, &entries, &count);
	keys = calloc(count ? count : 1, sizeof(*keys));
	if (j.error || !keys) {
		printk(KERN_ERR "marker: profile %s: byte %ld: %s\n", path,
		       (long)(j.at - text), j.error ? j.error : "out of memory");
		ret = j.error ? -EINVAL : -ENOMEM;
		goto out;
	}
	for (i = 0; i < count; i++) {
		struct profile_entry *e = &entries[i];

		if (e->id && strchr(e->id, ':') && marker_key_known(e->id))
			keys[n++] = e->id;
		else if (e->name && marker_key_known(e->name))
			keys[n++] = e->name;
		else
			printk(KERN_WARNING "marker: profile %s: no marker '%s' (id %s): left out\n",
			       path, e->name ? e->name : "?", e->id ? e->id : "?");
	}
	ret = marker_arm_keys(keys, n);
	if (ret)
		printk(KERN_ERR "marker: profile %s: cannot arm it: error %d\n", path, ret);
out:
	for (i = 0; i < count; i++) {
		free(entries[i].id);
		free(entries[i].name);
	}
	free(entries);
	free(keys);
	free(text);
	return ret;
}
