SELECT id, tags[1] AS first_tag, tags[2] AS second_tag, tags[-1] AS last_tag, tags[0] AS zeroth,
  upper(tags[length(tags)]) AS last_upper
FROM {{events}}
WHERE id % 7 = 0
