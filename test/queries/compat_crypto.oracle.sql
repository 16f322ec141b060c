SELECT id, md5(uid) AS uid_md5, sha256(CAST(amount AS TEXT)) AS amount_sha256, sha256(payload) AS payload_sha256
FROM {{events}}
WHERE id % 10 = 0
