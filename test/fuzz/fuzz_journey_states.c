/*
 * Fuzzes the serialized states of the session, retention and path
 * aggregates: any bytes must deserialize or fail cleanly; a state that
 * deserializes must be one the aggregates can produce (timestamps
 * PostgreSQL has, an infinity alone in its session, a cohort whose period 0
 * holds everyone counted, every step text used), give its results and
 * serialize back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paths_core.h"
#include "retention_core.h"
#include "sessions_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
f_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL)
		abort();
	return p;
}

static void *
f_grow(void *ctx, void *block, size_t old_size, size_t new_size)
{
	void	   *p = realloc(block, new_size ? new_size : 1);

	(void) ctx;
	(void) old_size;
	if (p == NULL)
		abort();
	return p;
}

static void
f_release(void *ctx, void *block)
{
	(void) ctx;
	free(block);
}

static const cxm_sess_allocator mem = {f_alloc, f_grow, f_release, NULL};

static void
same_bytes(const unsigned char *a, size_t alen, const uint8_t *b, size_t blen)
{
	if (alen != blen || memcmp(a, b, alen) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxm_sess_set sessions;
	cxm_ret_flags flags;
	cxm_ret_activity activity;
	cxm_ret_cohort cohort;
	cxm_path path;
	cxm_ret_params params;

	memset(&params, 0, sizeof(params));

	cxm_sess_set_init(&sessions, 0);
	if (cxm_sess_set_deserialize(data, size, &sessions, &mem) == CXM_SESS_OK)
	{
		size_t		len = cxm_sess_set_serialized_size(&sessions);
		unsigned char *out = malloc(len);
		int64_t		count;

		int64_t		at = 0;
		cxm_sess_interval session;

		cxm_sess_set_serialize(&sessions, out);
		same_bytes(out, len, data, size);
		free(out);
		while (cxm_sess_set_next(&sessions, &at, &session))
			if (!cxm_ts_valid(session.first) || !cxm_ts_valid(session.last) ||
				(session.first != session.last && (cxm_ts_infinite(session.first) || cxm_ts_infinite(session.last))))
				abort();
		(void) cxm_sess_set_count(&sessions, &mem, NULL, &count);
	}
	cxm_sess_set_free(&sessions, &mem);

	if (cxm_ret_flags_deserialize(data, size, &flags) == CXM_RET_OK)
	{
		unsigned char out[CXM_RET_FLAGS_SIZE];
		int32_t		result[CXM_RET_MAX_CONDITIONS];

		cxm_ret_flags_serialize(&flags, out);
		same_bytes(out, sizeof(out), data, size);
		cxm_ret_flags_result(&flags, result);
	}

	cxm_ret_activity_init(&activity, &params);
	if (cxm_ret_activity_deserialize(data, size, &activity, &mem) == CXM_RET_OK)
	{
		size_t		len = cxm_ret_activity_serialized_size(&activity);
		unsigned char *out = malloc(len);

		cxm_ret_activity_serialize(&activity, out);
		same_bytes(out, len, data, size);
		free(out);
		if (!cxm_ts_valid(activity.params.as_of))
			abort();
		for (int64_t k = 0; k < activity.n; k++)
			if (activity.positions[k] < activity.first ||
				(!(activity.params.mode & CXM_RET_CALENDAR) &&
				 (activity.positions[k] < CXM_TS_MIN || activity.positions[k] >= CXM_TS_END ||
				  activity.positions[k] >= activity.params.as_of)))
				abort();
		if (activity.any)
		{
			int32_t    *values = malloc(sizeof(int32_t) * (size_t) (activity.params.periods + 1));
			bool	   *nulls = malloc(sizeof(bool) * (size_t) (activity.params.periods + 1));

			cxm_ret_activity_result(&activity, values, nulls, NULL);
			if (values[0] != 1 || nulls[0])
				abort();
			free(values);
			free(nulls);
		}
	}
	cxm_ret_activity_free(&activity, &mem);

	cxm_ret_cohort_init(&cohort, -1);
	if (cxm_ret_cohort_deserialize(data, size, &cohort, &mem) == CXM_RET_OK)
	{
		size_t		len = cxm_ret_cohort_serialized_size(&cohort);
		unsigned char *out = malloc(len);
		char		buf[64];

		cxm_ret_cohort_serialize(&cohort, out);
		same_bytes(out, len, data, size);
		free(out);
		for (int32_t k = 0; k < cohort.length; k++)
		{
			if (cohort.retained[k] > cohort.known[k] || cohort.known[k] > cohort.known[0])
				abort();
			(void) cxm_ret_cohort_percent(&cohort, k, buf);
		}
		/* everyone counted is in period 0 */
		if (cohort.length > 0 && (!cxm_ret_cohort_percent(&cohort, 0, buf) || strcmp(buf, "100") != 0))
			abort();
	}
	free(cohort.retained);
	free(cohort.known);

	cxm_path_init(&path, 0, false);
	if (cxm_path_deserialize(data, size, &path, &mem) == CXM_PATH_OK)
	{
		size_t		len = cxm_path_serialized_size(&path);
		unsigned char *out = malloc(len);
		int64_t		room = cxm_path_result_size(&path);
		uint32_t   *steps = malloc((size_t) (room > 0 ? room : 1) * sizeof(uint32_t));

		uint8_t    *used = calloc(path.steps.n + 1, 1);

		cxm_path_serialize(&path, out);
		same_bytes(out, len, data, size);
		free(out);
		for (int64_t k = 0; k < path.n; k++)
		{
			if (!cxm_ts_valid(path.events[k].ts))
				abort();
			used[path.events[k].step] = 1;
		}
		for (uint32_t k = 0; k < path.steps.n; k++)
			if (!used[k])
				abort();
		free(used);
		(void) cxm_path_result(&path, steps, NULL);
		free(steps);
	}
	cxm_path_free(&path, &mem);
	return 0;
}
