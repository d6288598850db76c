import MICommands

ToolMain.run(TrainCommand.self)
