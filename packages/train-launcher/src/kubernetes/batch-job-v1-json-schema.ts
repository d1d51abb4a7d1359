import { pyTorchJobV1JsonSchema } from './pytorch-job-v1-json-schema';

type JsonObject = Record<string, unknown>;

/**
 * A Job's pod template: the PyTorchJob schema's (Kubeflow generates it from the same core/v1
 * Go types) without its PyTorchJob-only rule (a container named `pytorch`), and with the
 * Job's own rule that pods restart `Never` or `OnFailure`, which it requires.
 */
function jobPodTemplate(): JsonObject {
  const replicaSpec = (pyTorchJobV1JsonSchema.$defs as JsonObject).replicaSpec as JsonObject;
  const template = structuredClone((replicaSpec.properties as JsonObject).template) as JsonObject;
  const podSpec = (template.properties as JsonObject).spec as JsonObject;
  const podProperties = podSpec.properties as JsonObject;
  delete (podProperties.containers as JsonObject).contains;
  podProperties.restartPolicy = { ...(podProperties.restartPolicy as JsonObject), enum: ['Never', 'OnFailure'] };
  podSpec.required = ['containers', 'restartPolicy'];
  return template;
}

/**
 * A JSON Schema (draft-07, compiled with ajv) of the parts of a Kubernetes `batch/v1` Job
 * that swespot emits for sharded stages (Indexed Jobs): metadata, the whole JobSpec and the
 * pod template.
 *
 * Provenance: the Job and JobSpec fields, their types and int32/int64 formats, and the
 * `completionMode` and `podReplacementPolicy` values are from the official OpenAPI v3
 * document `api/openapi-spec/v3/apis__batch__v1_openapi.json` of kubernetes/kubernetes
 * (commit 0021731de5897e81f1d576a134db15c7c301eeff; `io.k8s.api.batch.v1.Job` and
 * `io.k8s.api.batch.v1.JobSpec`; descriptions removed; `podFailurePolicy`, `selector` and
 * `successPolicy` kept as plain objects because swespot does not emit them). The rules the
 * API server adds (`pkg/apis/batch/validation`, quoted in the field descriptions of that
 * document) are written as `if`/`then`: an Indexed Job needs `completions`, and its
 * `completions` and `parallelism` are at most 10^5; `backoffLimitPerIndex` only with
 * `completionMode: Indexed` and `restartPolicy: Never`; `maxFailedIndexes` only with
 * `backoffLimitPerIndex`; a Job's pods restart `Never` or `OnFailure`; counts are not
 * negative. The pod template (`io.k8s.api.core.v1.PodTemplateSpec`, narrowed to containers,
 * init containers, volumes, resources, node selector, tolerations and the like) is the one
 * of {@link pyTorchJobV1JsonSchema}, which Kubeflow generates from the same core/v1 Go
 * types, without its PyTorchJob-only rule (a container named `pytorch`). Unlike the API
 * server, which prunes unknown fields, this schema rejects them (`additionalProperties:
 * false`), so a misspelt field fails here instead of vanishing on `kubectl apply`.
 */
export const batchJobV1JsonSchema: Record<string, unknown> = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": [
    "apiVersion",
    "kind",
    "metadata",
    "spec"
  ],
  "properties": {
    "apiVersion": {
      "type": "string",
      "const": "batch/v1"
    },
    "kind": {
      "type": "string",
      "const": "Job"
    },
    "metadata": {
      "properties": {
        "annotations": {
          "additionalProperties": {
            "type": "string"
          },
          "type": "object"
        },
        "finalizers": {
          "items": {
            "type": "string"
          },
          "type": "array"
        },
        "labels": {
          "additionalProperties": {
            "type": "string"
          },
          "type": "object"
        },
        "name": {
          "type": "string",
          "pattern": "^[a-z]([-a-z0-9]*[a-z0-9])?$",
          "maxLength": 63
        },
        "namespace": {
          "type": "string"
        }
      },
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ]
    },
    "spec": {
      "type": "object",
      "required": [
        "template"
      ],
      "additionalProperties": false,
      "properties": {
        "activeDeadlineSeconds": {
          "type": "integer",
          "format": "int64",
          "minimum": 1
        },
        "backoffLimit": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "backoffLimitPerIndex": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "completionMode": {
          "type": "string",
          "enum": [
            "NonIndexed",
            "Indexed"
          ]
        },
        "completions": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "managedBy": {
          "type": "string",
          "maxLength": 63
        },
        "manualSelector": {
          "type": "boolean"
        },
        "maxFailedIndexes": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "parallelism": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        },
        "podFailurePolicy": {
          "type": "object"
        },
        "podReplacementPolicy": {
          "type": "string",
          "enum": [
            "TerminatingOrFailed",
            "Failed"
          ]
        },
        "selector": {
          "type": "object"
        },
        "successPolicy": {
          "type": "object"
        },
        "suspend": {
          "type": "boolean"
        },
        "template": jobPodTemplate(),
        "ttlSecondsAfterFinished": {
          "type": "integer",
          "format": "int32",
          "minimum": 0,
          "maximum": 2147483647
        }
      },
      "allOf": [
        {
          "if": {
            "required": [
              "completionMode"
            ],
            "properties": {
              "completionMode": {
                "const": "Indexed"
              }
            }
          },
          "then": {
            "required": [
              "completions"
            ],
            "properties": {
              "completions": {
                "maximum": 100000
              },
              "parallelism": {
                "maximum": 100000
              }
            }
          }
        },
        {
          "if": {
            "required": [
              "backoffLimitPerIndex"
            ]
          },
          "then": {
            "required": [
              "completionMode"
            ],
            "properties": {
              "completionMode": {
                "const": "Indexed"
              },
              "template": {
                "properties": {
                  "spec": {
                    "properties": {
                      "restartPolicy": {
                        "const": "Never"
                      }
                    }
                  }
                }
              }
            }
          }
        },
        {
          "if": {
            "required": [
              "maxFailedIndexes"
            ]
          },
          "then": {
            "required": [
              "backoffLimitPerIndex"
            ]
          }
        }
      ]
    }
  },
  "additionalProperties": false
};
