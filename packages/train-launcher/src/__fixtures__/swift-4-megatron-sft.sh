# The SWE-Spot job translated to ms-swift >= 4.0 names, as given in
# shared/reference/anchors-ms-swift.md §3 ("The same job with v4 names (valid for ms-swift
# 4.0–4.5.x and main)"); OUT and RUN are placeholders.
NPROC_PER_NODE=2 CUDA_VISIBLE_DEVICES=0,1 PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True \
megatron sft --model Qwen/Qwen3-4B-Instruct-2507 --use_hf true --tuner_type full --finetune true \
  --dataset d1.jsonl#2048 d2.jsonl#2048 d3.jsonl#2048 d4.jsonl#2048 --split_dataset_ratio 0 \
  --max_length 32768 --truncation_strategy left --loss_scale default --packing false \
  --load_from_cache_file true --dataset_num_proc 16 --dataloader_num_workers 16 \
  --micro_batch_size 1 --global_batch_size 16 --num_train_epochs 2 \
  --lr 1e-5 --lr_decay_style cosine --min_lr 1e-6 --lr_warmup_fraction 0.03 \
  --tensor_model_parallel_size 1 --use_distributed_optimizer true \
  --recompute_granularity full --recompute_method uniform --recompute_num_layers 1 \
  --overlap_grad_reduce true --overlap_param_gather true --cross_entropy_loss_fusion true \
  --attention_backend flash --ddp_backend nccl \
  --output_dir OUT --save_steps 512 --eval_steps 256 --logging_steps 1 \
  --save_safetensors true --no_save_optim true --no_save_rng true \
  --report_to tensorboard wandb --wandb_project swespot --wandb_exp_name RUN
